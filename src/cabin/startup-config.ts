// The config the cabin starts on: --config FILE, else $CABINE_CONFIG, else /etc/cabine/config.yaml,
// else the embedded default (the demo config `npm start` runs on). A file that does not validate
// never starts a resident session: the cabin shows out-of-service with the problems.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readConfigFile, resolveConfigPath, type ConfigFileProblem } from './config-file';
import { defaultConfig, validateConfig, type CabinConfig } from '../shared/config';

export type StartupConfig = { ok: true; config: CabinConfig; file: string | null } | { ok: false; file: string; problems: ConfigFileProblem[] };

export async function loadStartupConfig(named: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<StartupConfig> {
  const where = resolveConfigPath(named ? path.resolve(cwd, named) : undefined, env, existsSync);
  if (!where) {
    const embedded = validateConfig(defaultConfig);
    if (!embedded.ok) throw new Error('the embedded default config is invalid');
    return { ok: true, config: embedded.config, file: null };
  }
  const result = await readConfigFile(where.file);
  return result.ok ? { ok: true, config: result.config, file: where.file } : { ok: false, file: where.file, problems: result.problems };
}

/** `--config FILE` or `--config=FILE` among the process arguments. */
export function configArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config') return argv[i + 1];
    if (a.startsWith('--config=')) return a.slice('--config='.length);
  }
  return undefined;
}
