// The printer driver as the config's devices.printer asks for it (../registry.ts).
import type { DriverFactory } from '../driver';
import { createPrinter, type Printer } from './printer';

export const printerFromConfig: DriverFactory<Printer> = (devices, env) =>
  devices.printer.enabled ? createPrinter({ queue: devices.printer.queue, server: env.cupsServer ?? devices.printer.server, spoolDir: env.cupsSpool }) : null;
