// Loads the built main process (out/main/main.js) under plain Node with a stand-in `electron` module, and
// emits `ready` the way Electron does: lib/browser/init.ts imports the entry module and calls appCodeLoaded()
// once that import resolves (top-level await included); shell/common/node_bindings.cc JoinAppCode() pumps the
// event loop until then, and only afterwards does start-up go on to `ready` (docs/electron-notes.md).
// argv: <main.js> <stand-in electron.mjs>. Prints the recorded calls as JSON on stdout.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const [mainFile, standIn] = process.argv.slice(2);
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(pathToFileURL(standIn).href)}, shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

const rec = (globalThis.__electronStandIn = { calls: [], ready: false, waiting: false });
await import(pathToFileURL(mainFile).href);
rec.ready = true;
rec.calls.push({ call: 'ready', ready: true });
// The app either waits for ready (whenReady) or gives up (exit): at most 10 s.
const deadline = Date.now() + 10_000;
while (!rec.calls.some((c) => c.call === 'app.whenReady' || c.call === 'app.exit') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
// Let a failure that follows `ready` show.
await new Promise((r) => setTimeout(r, 300));
// After a marker line: the app writes its own journal lines to stdout too.
process.stdout.write(`\n@@calls@@\n${JSON.stringify(rec.calls)}`);
process.exit(0);
