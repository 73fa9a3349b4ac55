// node --import this file: appends every module the process loads to $AUTHUI_TRACE_FILE, ESM
// (through a resolve hook) and CommonJS (through the resolver the fast bundle's require uses).
import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';

const file = process.env.AUTHUI_TRACE_FILE;
const hooks = `
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  globalThis.__port?.postMessage(result.url);
  return result;
}
export function initialize({ port }) { globalThis.__port = port; }
`;
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => appendFileSync(file, `${url}\n`));
port1.unref();
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const resolved = resolveFilename.call(this, request, ...rest);
  appendFileSync(file, `${resolved}\n`);
  return resolved;
};
