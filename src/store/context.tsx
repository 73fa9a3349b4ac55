// Components read narrow selectors from the store given by <StoreProvider>.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppActions, DashboardState, DashboardStore } from './dashboard-store.js';

const StoreContext = createContext<DashboardStore | undefined>(undefined);

export function StoreProvider({ store, children }: { store: DashboardStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStoreApi(): DashboardStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a <StoreProvider>');
  return store;
}

export function useAppStore<T>(selector: (state: DashboardState & AppActions) => T): T {
  return useStore(useAppStoreApi(), selector);
}
