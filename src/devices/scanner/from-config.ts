// The scanner driver as the config's devices.scanner asks for it (../registry.ts).
import type { DriverFactory } from '../driver';
import { createScanner, type Scanner } from './scanner';

export const scannerFromConfig: DriverFactory<Scanner> = ({ scanner }, env) =>
  scanner.enabled
    ? createScanner({
        device: scanner.device,
        resolution: scanner.resolution,
        mode: scanner.mode,
        source: scanner.source,
        timeoutMs: scanner.timeoutSeconds * 1000,
        saneConfigDir: env.saneConfigDir,
        extraArgs: env.scannerExtraArgs,
      })
    : null;
