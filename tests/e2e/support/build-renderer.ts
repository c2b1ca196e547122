// Builds the renderer alone, with relative URLs so any static server can serve it: the Chromium
// shell's build (src/shell/chromium/renderer.ts).
export { buildRenderer, ROOT } from '../../../src/shell/chromium/renderer';
