// Which build of authui is running. What one run keeps for the next (the exports beside a
// session, engine/kept-exports.ts; the rows `status` listed, engine/kept-status.ts) is handed out
// only by the same build: another's kinds may make them differently. The build
// (scripts/build.mjs) defines it from the digest of src/; run from the source (the tests), it is
// "source".
declare const AUTHUI_BUILD: string | undefined;

export const BUILD_ID: string = typeof AUTHUI_BUILD === 'string' ? AUTHUI_BUILD : 'source';
