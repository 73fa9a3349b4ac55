// Interleaved rounds for the bench's start-up figures: each round runs every command once, so a
// slow stretch of this shared machine hits all alike, and each round starts one further along the
// list, so no command always runs right after the same other one (docs/startup.md, "Where the
// answers' ≈ 8 M go").

/**
 * Runs each of `commands` (name → a run that returns its time) `rounds` times, interleaved and
 * rotated; gives the times by name.
 * @param {Record<string, () => number>} commands
 * @param {number} rounds
 * @returns {Record<string, number[]>}
 */
export function timeInRounds(commands, rounds) {
  const names = Object.keys(commands);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++)
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      times[name].push(commands[name]());
    }
  return times;
}
