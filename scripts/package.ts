// `npm run package`: checks the packaging configuration, and builds the Linux packages (deb,
// AppImage) only when an unpacked Electron is at hand — its zip comes from GitHub, which CI and
// this project's build machine cannot reach.
//
//   npm run package                                  check only; says that no package was produced
//   ELECTRON_OVERRIDE_DIST_PATH=/opt/electron npm run package
//   npm run package -- --electron-dist /opt/electron [--win]
//   npm run package -- --require-package             fail (exit 1) when no package can be produced
//
// The check: electron-builder.yml against electron-builder's own schema; every file it
// references exists; the fuses, asar and npmRebuild the project requires; the deb's scripts
// rendered as electron-builder renders them (known macros only) and shellcheck-clean; the
// paths the kiosk files use match productName/executableName; build/config.schema.json up to date.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { configJsonSchema } from '../src/shared/config/json-schema';
import { ELECTRON_TOOLING_NODE, satisfiesRange } from './ensure-system.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export interface PackagingCheck {
  problems: string[];
  notes: string[];
  config: BuilderConfig;
}

/** Fuses the project requires (issue 7): Node-ish entry points off, asar only, integrity, cookies. */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  onlyLoadAppFromAsar: true,
  enableEmbeddedAsarIntegrityValidation: true,
  enableCookieEncryption: true,
} as const;

/** Renders a deb script template as electron-builder's FpmTarget does; throws on an unknown macro. */
export function renderDebTemplate(text: string, macros: Record<string, string>): string {
  return text.replace(/\${([a-zA-Z]+)}/g, (_match, name: string) => {
    if (name in macros) return macros[name]!;
    throw new Error(`Macro ${name} is not defined`);
  });
}

/** The part of electron-builder.yml this check reads. */
interface BuilderConfig {
  appId?: string;
  productName?: string;
  executableName?: string;
  asar?: boolean;
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  directories?: { output?: string };
  extraResources?: { from: string; to?: string }[];
  linux?: { target?: { target: string; arch?: string[] }[]; icon?: string };
  win?: { target?: { target: string }[]; icon?: string };
  deb?: { afterInstall?: string; afterRemove?: string };
}

const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9._-]/g, '');

export async function checkPackaging(root = ROOT): Promise<PackagingCheck> {
  const problems: string[] = [];
  const notes: string[] = [];
  const file = path.join(root, 'electron-builder.yml');
  const config = parse(readFileSync(file, 'utf8')) as BuilderConfig;

  // 1. electron-builder's schema, through its own validator.
  try {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
    };
    await validateConfiguration(structuredClone(config), { isEnabled: false, add: () => {} });
  } catch (error) {
    problems.push(`electron-builder.yml does not match electron-builder's schema: ${(error as Error).message.split('\n').slice(0, 4).join(' ')}`);
  }

  // 2. What the project requires.
  for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) {
    if (config.electronFuses?.[fuse] !== value) problems.push(`electronFuses.${fuse} must be ${value}`);
  }
  if (config.asar !== true) problems.push('asar must be true (onlyLoadAppFromAsar needs it)');
  if (config.npmRebuild !== false) problems.push('npmRebuild must be false (node-hid would be compiled against libusb headers)');
  const linuxTargets = (config.linux?.target ?? []).map((t) => `${t.target}:${(t.arch ?? []).join(',')}`);
  for (const want of ['deb:x64', 'AppImage:x64']) if (!linuxTargets.includes(want)) problems.push(`linux.target must include ${want}`);
  if (!(config.win?.target ?? []).some((t) => t.target === 'nsis')) problems.push('win.target must include nsis');
  if (!config.appId || !config.productName) problems.push('appId and productName are required');

  // 3. Every file referenced exists.
  const must = (rel: string, why: string) => {
    if (!existsSync(path.join(root, rel))) problems.push(`missing ${rel} (${why})`);
  };
  const iconDir = config.linux?.icon ?? 'build/icons';
  for (const size of [16, 32, 48, 64, 128, 256, 512]) must(`${iconDir}/${size}x${size}.png`, 'linux.icon');
  must(config.win?.icon ?? 'build/icon.ico', 'win.icon');
  must(config.deb?.afterInstall ?? '', 'deb.afterInstall');
  must(config.deb?.afterRemove ?? '', 'deb.afterRemove');
  for (const r of config.extraResources ?? []) must(r.from, 'extraResources');
  for (const rel of [
    'build/linux/setup-kiosk.sh',
    'build/linux/bin/cabine',
    'build/linux/systemd/cabine-kiosk.service',
    'build/linux/systemd/var-lib-cabine-ram.mount.in',
    'build/linux/systemd/var-spool-cups.mount',
  ])
    must(rel, 'kiosk files shipped in resources/linux');
  const cupsDir = path.join(root, 'build', 'linux', 'cups');
  if (!existsSync(cupsDir) || !readdirSync(cupsDir).some((f) => f.endsWith('.conf') && f.includes('cupsd'))) {
    problems.push('missing build/linux/cups/*cupsd*.conf (the hardened CUPS config setup-kiosk.sh installs)');
  }
  for (const rel of ['build/linux/setup-kiosk.sh', 'build/linux/bin/cabine']) {
    if (existsSync(path.join(root, rel)) && (statSync(path.join(root, rel)).mode & 0o111) === 0) problems.push(`${rel} must be executable`);
  }

  // 4. The paths the kiosk files hard-code match the product's name.
  const appPath = `/opt/${sanitize(config.productName ?? '')}/${config.executableName ?? ''}`;
  for (const rel of ['build/linux/bin/cabine', 'build/linux/systemd/cabine-kiosk.service', 'build/linux/setup-kiosk.sh']) {
    const p = path.join(root, rel);
    if (existsSync(p) && !readFileSync(p, 'utf8').includes(appPath)) problems.push(`${rel} does not use the app's path ${appPath}`);
  }

  // 5. The deb scripts, rendered as electron-builder does, and shellcheck-clean.
  const macros = {
    executable: config.executableName ?? 'cabine',
    sanitizedProductName: sanitize(config.productName ?? ''),
    productFilename: config.productName ?? '',
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'cabine-package-'));
  try {
    for (const key of ['afterInstall', 'afterRemove'] as const) {
      const rel = config.deb?.[key];
      if (!rel || !existsSync(path.join(root, rel))) continue;
      let rendered: string;
      try {
        rendered = renderDebTemplate(readFileSync(path.join(root, rel), 'utf8'), macros);
      } catch (error) {
        problems.push(`${rel}: ${(error as Error).message} (electron-builder would refuse to build)`);
        continue;
      }
      const out = path.join(dir, `${key}.sh`);
      await writeFile(out, rendered);
      const sc = spawnSync('shellcheck', ['-s', 'bash', out], { encoding: 'utf8' });
      if (sc.error) notes.push(`shellcheck not found: ${rel} not linted`);
      else if (sc.status !== 0) problems.push(`${rel} (rendered) is not shellcheck-clean:\n${sc.stdout}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // 6. The JSON Schema shipped for editors is the current one.
  const schemaFile = path.join(root, 'build', 'config.schema.json');
  if (existsSync(schemaFile) && readFileSync(schemaFile, 'utf8') !== JSON.stringify(configJsonSchema(), null, 2) + '\n') {
    problems.push('build/config.schema.json is out of date: npm run config-schema');
  }
  return { problems, notes, config };
}

/** The unpacked Electron to build with, or why there is none. */
export function findElectronDist(named: string | undefined, env: NodeJS.ProcessEnv): { dir: string } | { missing: string } {
  const dir = named ?? env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!dir) return { missing: 'no local Electron given (ELECTRON_OVERRIDE_DIST_PATH or --electron-dist), and the Electron zip cannot be downloaded here' };
  const binary = path.join(dir, 'electron');
  if (!existsSync(binary))
    return { missing: `${binary} does not exist: --electron-dist must be an unpacked Electron (the folder holding the \`electron\` binary)` };
  return { dir: path.resolve(dir) };
}

const USAGE = 'usage: npm run package [-- --electron-dist DIR] [--win] [--require-package]';

export interface PackageOptions {
  electronDist?: string;
  requirePackage: boolean;
  win: boolean;
}

/** `--electron-dist DIR` (or `=DIR`), `--win`, `--require-package`; anything else throws (node:util's own message): exit 2. */
export function parsePackageArgs(argv: string[]): PackageOptions {
  const { values } = parseArgs({
    args: argv,
    options: { 'electron-dist': { type: 'string' }, 'require-package': { type: 'boolean', default: false }, win: { type: 'boolean', default: false } },
  });
  return { electronDist: values['electron-dist'], requirePackage: values['require-package'], win: values.win };
}

async function main(argv: string[]): Promise<number> {
  let options: PackageOptions;
  try {
    options = parsePackageArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const check = await checkPackaging();
  for (const note of check.notes) console.log(`note: ${note}`);
  if (check.problems.length > 0) {
    console.error(`Packaging configuration: ${check.problems.length} problem(s):\n${check.problems.map((p) => `- ${p}`).join('\n')}`);
    console.error('No package was produced.');
    return 1;
  }
  console.log('Packaging configuration: OK (electron-builder schema, fuses, asar, npmRebuild, referenced files, deb scripts, config schema).');
  const electron = findElectronDist(options.electronDist, process.env);
  if ('missing' in electron) {
    console.log(`No package was produced: ${electron.missing}.`);
    return options.requirePackage ? 1 : 0;
  }
  // electron-builder's rebuild step (@electron/rebuild, node-abi) declares a newer Node than Cabine's own tools.
  if (satisfiesRange(process.versions.node, ELECTRON_TOOLING_NODE) === false) {
    console.error(
      `No package was produced: electron-builder's tools need Node ${ELECTRON_TOOLING_NODE.slice(2)} (this is Node ${process.versions.node}); run \`npm run package\` with a newer Node.`,
    );
    return 1;
  }
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  if (!existsSync(path.join(ROOT, 'out', 'main'))) {
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) return 1;
  }
  const args = [
    'electron-builder',
    '--config',
    'electron-builder.yml',
    '--linux',
    'deb',
    'AppImage',
    ...(options.win ? ['--win', 'nsis'] : []),
    `-c.electronDist=${electron.dir}`,
    `-c.electronVersion=${electronVersion}`,
  ];
  console.log(`Building with the local Electron ${electronVersion} in ${electron.dir}: npx ${args.join(' ')}`);
  const run = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('electron-builder failed: no package was produced.');
    return 1;
  }
  console.log(`Packages written to ${path.join(ROOT, check.config.directories?.output ?? 'dist')}.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
