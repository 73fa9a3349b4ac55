// What the screens ask of the outside world. The runner wires these to the engine; tests pass
// their own. Screens never import the engine.
import type { NodeDetail } from '../auth/engine/views.js';
import type { LogoutPlan, LogoutReport, LogoutScope } from '../auth/logout.js';

export interface DashboardActions {
  /** Starts a login of the named node; progress and failure arrive through the store. */
  login(name: string, opts?: { reenter?: boolean }): void;
  /** Renews the named node's session now, when it can renew without the user (`r`). */
  refresh(name: string): void;
  /** Runs the node's connection test (`t`); the result arrives through the store. */
  test(name: string): void;
  detail(name: string): Promise<NodeDetail>;
  planLogout(scopes: LogoutScope[]): Promise<LogoutPlan>;
  logout(plan: LogoutPlan, dryRun: boolean): Promise<LogoutReport>;
  /** Trusts the project configuration as it was read (`T`); the outcome arrives as a notice. */
  trust(): void;
}
