import type { Plugin } from 'esbuild';
export declare const inkPatches: Plugin;
/** Modules the bundle replaces, for esbuild's `alias`. */
export declare const inkAliases: Record<string, string>;
/** Each patch's name, in the order they apply. */
export declare const PATCH_IDS: readonly string[];
/** `source` of the module at `path` with its patches applied, or undefined when none applies. */
export declare function patchedSource(path: string, source: string): string | undefined;
