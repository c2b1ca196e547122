#!/usr/bin/env node
// Entry of the `cabine` command in development (`npm run cabine -- doctor`). The installed cabin
// runs the same runCli() from the Electron binary (`cabine --cli …`, see docs/packaging.md).
import { processIo } from './io';
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2), processIo());
