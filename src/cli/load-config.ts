// The config a command works on: --config FILE, else $CABINE_CONFIG, else /etc/cabine/config.yaml,
// else the embedded default (the demo config `npm start` runs on).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readConfigFile, resolveConfigPath, type ConfigFileProblem } from '../cabin/config-file';
import { defaultConfig, validateConfig, type CabinConfig } from '../shared/config';
import type { CliIo } from './io';

export type LoadedConfig =
  | { ok: true; config: CabinConfig; file: string | null }
  | { ok: false; file: string; problems: ConfigFileProblem[] };

export async function loadConfig(named: string | undefined, io: CliIo): Promise<LoadedConfig> {
  const where = resolveConfigPath(named ? path.resolve(io.cwd, named) : undefined, io.env, existsSync);
  if (!where) {
    const embedded = validateConfig(defaultConfig);
    if (!embedded.ok) throw new Error('the embedded default config is invalid');
    return { ok: true, config: embedded.config, file: null };
  }
  const result = await readConfigFile(where.file);
  return result.ok ? { ok: true, config: result.config, file: where.file } : { ok: false, file: where.file, problems: result.problems };
}
