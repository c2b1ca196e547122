// Preloaded (node --import) into Electron's own installer, node_modules/electron/install.js, when `npm start`
// runs it (scripts/start/shells.mjs). The installer does the work (cache, checksums, ELECTRON_MIRROR); this only
// changes where its failure goes: what it prints with console.error (its `err.stack`), an uncaught error, and
// the cause of a failed fetch (`getaddrinfo ENOTFOUND github.com`, which `err.stack` leaves out) are written to
// the file descriptor $CABINE_INSTALL_REPORT_FD, which the launcher reads to say why in a few words. stdout and
// stderr stay the terminal's, so the installer's own progress bar shows. Without the variable, to stderr.
import { writeSync } from 'node:fs';
import { format } from 'node:util';

const fd = Number(process.env.CABINE_INSTALL_REPORT_FD) || 2;

/** @param {string} text */
function report(text) {
  try {
    writeSync(fd, text.endsWith('\n') ? text : `${text}\n`);
  } catch {
    process.stderr.write(`${text}\n`);
  }
}

/** An error and its causes, on one line: "fetch failed: getaddrinfo ENOTFOUND github.com". */
function describe(/** @type {unknown} */ e) {
  const parts = [];
  for (let cur = e, depth = 0; cur && depth < 5; cur = /** @type {{ cause?: unknown }} */ (cur).cause, depth++) {
    const err = /** @type {{ message?: string, code?: string, errors?: unknown[] }} */ (cur);
    let text = err.message || String(cur);
    if (err.code && !text.includes(err.code)) text += ` (${err.code})`;
    if (Array.isArray(err.errors) && err.errors.length) text += ` [${err.errors.map((x) => describe(x)).join('; ')}]`;
    parts.push(text);
  }
  return parts.join(': ');
}

const realFetch = globalThis.fetch;
/** @param {Parameters<typeof fetch>[0]} input @param {Parameters<typeof fetch>[1]} [init] */
async function fetchReportingCause(input, init) {
  try {
    return await realFetch(input, init);
  } catch (e) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    report(`fetch ${url}: ${describe(e)}`);
    throw e;
  }
}
globalThis.fetch = fetchReportingCause;

console.error = (...args) => report(format(...args));
process.on('uncaughtException', (e) => {
  report(e instanceof Error && e.stack ? e.stack : describe(e));
  process.exit(1);
});
