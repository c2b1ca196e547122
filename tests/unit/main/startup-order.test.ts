// Electron reads its paths and switches once, at start-up: app.setPath, appendSwitch and the web-contents hooks
// must all happen before `ready`. The built main process is loaded under Node with a stand-in `electron` that
// records every call and emits `ready` as soon as the entry module's evaluation is done, as Electron does.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configTemplate } from '../../../src/cli/config-template';
import { defaultConfig } from '../../../src/shared/config';
import { useScratchDir } from '../../support/scratch';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let MAIN = '';
const HARNESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'electron-stand-in', 'harness.mjs');

interface Call {
  call: string;
  detail?: unknown;
  ready: boolean;
}

const dir = useScratchDir('cabine-startup-', { per: 'file' });
let outDir = '';
let standIn = '';

/** The stand-in exports what the built main.js imports from 'electron'; `app` records, the rest record any use. */
function standInSource(names: string[]): string {
  const others = names.filter((n) => n !== 'app');
  return `const rec = globalThis.__electronStandIn;
const record = (call, detail) => rec.calls.push({ call, detail, ready: rec.ready });
const paths = new Map();
const anything = (name) => new Proxy(function () {}, {
  get: (_t, p) => (p === 'then' ? undefined : (record(name + '.' + String(p)), anything(name + '.' + String(p)))),
  apply: () => (record(name + '()'), anything(name + '()')),
  construct: () => (record('new ' + name), anything(name)),
});
export const app = {
  isPackaged: false,
  isReady: () => rec.ready,
  // The story ends at ready: what follows it needs a real Electron.
  whenReady: () => (record('app.whenReady'), new Promise(() => {})),
  on: (event) => (record('app.on', event), app),
  once: (event) => (record('app.once', event), app),
  setPath: (name, dir) => (record('app.setPath', [name, dir]), paths.set(name, dir)),
  getPath: (name) => paths.get(name) ?? '/nonexistent/' + name,
  requestSingleInstanceLock: () => (record('app.requestSingleInstanceLock'), true),
  commandLine: { appendSwitch: (name, value) => record('app.commandLine.appendSwitch', [name, value]) },
  exit: (code) => record('app.exit', code),
  quit: () => record('app.quit'),
  getVersion: () => '45.5.0',
  getName: () => 'Cabine',
};
${others.map((n) => `export const ${n} = anything(${JSON.stringify(n)});`).join('\n')}
`;
}

beforeAll(async () => {
  await mkdir(path.join(ROOT, 'node_modules', '.cache'), { recursive: true });
  // The shipped build of the current sources (what `npm run build` makes), in a folder of this test's own.
  // Inside the repository, so that its externalised dependencies resolve from node_modules as out/main's do.
  outDir = await mkdtemp(path.join(ROOT, 'node_modules', '.cache', 'startup-order-'));
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build', '--outDir', outDir, '--logLevel', 'error'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`electron-vite build failed: ${r.stderr}`);
  MAIN = path.join(outDir, 'main', 'main.js');
  expect(existsSync(MAIN)).toBe(true);
  const imports = [...readFileSync(MAIN, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*["']electron["']/g)].flatMap((m) =>
    m[1]!
      .split(',')
      .map((s) => s.trim().split(/\s+as\s+/)[0]!)
      .filter(Boolean),
  );
  expect(imports).toContain('app');
  standIn = path.join(dir(), 'electron.mjs');
  await writeFile(standIn, standInSource([...new Set(imports)]));
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function start(env: NodeJS.ProcessEnv): Promise<{ calls: Call[]; ramRoot: string }> {
  // Short: the RAM root is at most 31 bytes (src/cabin/storage/ram-root.ts).
  const ramRoot = `/dev/shm/co-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    const r = spawnSync(process.execPath, [HARNESS, MAIN, standIn], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, CABINE_RAM_ROOT: ramRoot, CABINE_CONFIG: '', ...env },
    });
    expect(r.status, r.stderr).toBe(0);
    // The app's journal lines come first; the recorded calls after the harness's marker.
    return { calls: JSON.parse(r.stdout.split('\n@@calls@@\n').at(-1)!) as Call[], ramRoot };
  } finally {
    await rm(ramRoot, { recursive: true, force: true });
  }
}

function expectEverythingBeforeReady(calls: Call[], ramRoot: string): void {
  expect(calls.filter((c) => c.call === 'app.exit')).toEqual([]);
  expect(calls.some((c) => c.call === 'ready')).toBe(true);
  const early = calls.filter(
    (c) => c.call === 'app.setPath' || c.call === 'app.commandLine.appendSwitch' || (c.call === 'app.on' && c.detail === 'web-contents-created'),
  );
  expect(early.filter((c) => c.ready)).toEqual([]);
  const set = new Map(calls.filter((c) => c.call === 'app.setPath').map((c) => c.detail as [string, string]));
  expect([...set.keys()].sort()).toEqual(['crashDumps', 'downloads', 'logs', 'sessionData', 'temp', 'userData']);
  for (const dir of set.values()) expect(dir.startsWith(`${ramRoot}/app-`)).toBe(true);
  expect(calls.filter((c) => c.call === 'app.commandLine.appendSwitch').map((c) => (c.detail as string[])[0])).toEqual(
    expect.arrayContaining(['disable-breakpad', 'disk-cache-dir']),
  );
  expect(calls.some((c) => c.call === 'app.on' && c.detail === 'web-contents-created' && !c.ready)).toBe(true);
  // …and then the app waits for ready before it makes its window.
  const waitAt = calls.findIndex((c) => c.call === 'app.whenReady');
  expect(waitAt).toBeGreaterThan(-1);
  expect(calls.slice(0, waitAt).some((c) => c.call.startsWith('new '))).toBe(false);
}

describe('the main process sets Electron up before ready', () => {
  it('with a config file through CABINE_CONFIG (as the kiosk unit starts it)', async () => {
    const config = path.join(dir(), 'cabine.yaml');
    const security = defaultConfig.security as { referentPinHash: string; technicianCodeHash: string };
    await writeFile(
      config,
      configTemplate({
        cabinId: 'essai',
        commune: 'Essai',
        place: 'Mairie',
        printerQueue: 'Cabine',
        ramRoot: '/dev/shm/unused',
        stateDir: path.join(dir(), 'state'),
        referentPinHash: security.referentPinHash,
        technicianCodeHash: security.technicianCodeHash,
      }),
    );
    await chmod(config, 0o600);
    const { calls, ramRoot } = await start({ CABINE_CONFIG: config });
    expectEverythingBeforeReady(calls, ramRoot);
  });

  it('on the embedded default config', async () => {
    const { calls, ramRoot } = await start({});
    expectEverythingBeforeReady(calls, ramRoot);
  });
});
