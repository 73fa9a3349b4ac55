// What binds a key to this machine and account when there is no password or runtime directory:
// the machine id, the uid and the home directory. Not a secret from this user or root on this
// machine: it keeps a copy of a file that leaves the machine (a backup, a sync folder, a support
// bundle) unreadable. The file store (stores/file.ts) and the session cache use it.
import { readFileSync } from 'node:fs';

export function machineSecret(): Buffer {
  let machineId = '';
  try {
    machineId = readFileSync('/etc/machine-id', 'utf8').trim();
  } catch {
    // Not every system has one; uid and home still bind the key to this account.
  }
  const os = process.getBuiltinModule('node:os');
  return Buffer.from(`${machineId}\0${os.userInfo().uid}\0${os.homedir()}`);
}
