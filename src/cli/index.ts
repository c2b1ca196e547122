// What the Electron main process needs to run the technician's commands (see argv.ts).
export { cliArgsFrom } from './argv';
export { processIo, type CliIo } from './io';
export { runCli } from './run';
