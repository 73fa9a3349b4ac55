// The formats `authui env` prints, in a module of their own: the argument parser (src/cli/program.ts)
// and the hot path's word matcher (src/fast.ts) offer the same choices without loading the command.
export const ENV_FORMATS = ['bash', 'json', 'dotenv', 'github'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];
