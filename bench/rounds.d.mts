/** Runs each command `rounds` times, interleaved and rotated (bench/rounds.mjs); the times by name. */
export function timeInRounds<K extends string>(commands: Record<K, () => number>, rounds: number): Record<K, number[]>;
