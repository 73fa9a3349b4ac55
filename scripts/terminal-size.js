// Stands in for the terminal-size package in the bundle (inkAliases in scripts/ink-patches.mjs).
// Ink asks it only when stdout reports no size, which a terminal always does, and authui runs Ink
// only on terminals; the package would load node:child_process (≈ 4 ms of the first frame) to
// ask `tput` or `resize`.
export default function terminalSize() {
  return { columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 };
}
