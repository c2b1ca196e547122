// The config a command works on: the same as the cabin starts on (--config FILE, else
// $CABINE_CONFIG, else /etc/cabine/config.yaml, else the embedded default), seen from the CLI's io.
import { loadStartupConfig, type StartupConfig } from '../cabin/startup-config';
import type { CliIo } from './io';

export type LoadedConfig = StartupConfig;

export function loadConfig(named: string | undefined, io: CliIo): Promise<LoadedConfig> {
  return loadStartupConfig(named, io.env, io.cwd);
}
