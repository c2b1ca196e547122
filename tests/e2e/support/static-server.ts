// Serves the built renderer over http://127.0.0.1: the Chromium shell's server (src/shell/chromium/renderer.ts).
export { serveDirectory } from '../../../src/shell/chromium/renderer';
