import type { Plugin } from 'esbuild';
export declare const inkOutputCache: Plugin;
