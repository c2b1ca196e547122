// The "app" the kill -9 test kills: runs one resident session of the residue fixture (canary
// written everywhere, page printed, a page scanned) with the real lifecycle and Chromium adapter,
// prints what the test needs to kill it, then waits to be killed.
// Usage: tsx crash-app.ts URL IDP_HOST BASE CANARY
import { writePhase } from '../../../scripts/audit/residue';
import { benchLifecycle, openBench } from '../../../scripts/harness/lifecycle';

const [url, idpHost, base, canary] = process.argv.slice(2);
if (!url || !idpHost || !base || !canary) throw new Error('usage: crash-app.ts URL IDP_HOST BASE CANARY');
const bench = await openBench({ base });
const lifecycle = benchLifecycle(bench);
await lifecycle.bootSweep();
const session = await lifecycle.claim();
const written = await writePhase(bench, session, { url, canary, allow: [idpHost], seconds: 90 });
process.stdout.write(
  JSON.stringify({
    appPid: process.pid,
    enginePids: session.engineSession.pids(),
    sessionDir: session.paths.dir,
    ready: written.ready,
    printJobId: written.printJobId,
    scanned: written.scanned,
    downloads: written.downloads,
  }) + '\n',
);
// Mid-session: the test kills this process and the session's browser with SIGKILL.
setInterval(() => {}, 1 << 30);
