// The cabin's half of the update gate (src/cabin/update/gate.ts) on the real session machine and real files: what
// it writes for the package manager's gate, and how a pending update holds off residents and never interrupts one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import { DEFAULT_RUN_DIR, parsePendingUpdate, startUpdateGate, updateGateRunDir, type UpdateGate } from '../../../../src/cabin/update/gate';
import { startCabin } from '../../shared/session/harness';

let runDir: string;
let gate: UpdateGate | null = null;
const logs: string[] = [];
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeEach(() => {
  vi.useFakeTimers();
  runDir = mkdtempSync(path.join(tmpdir(), 'cabine-gate-'));
  logs.length = 0;
});
afterEach(() => {
  gate?.stop();
  gate = null;
  vi.useRealTimers();
  rmSync(runDir, { recursive: true, force: true });
});

const stateFile = () => readFileSync(path.join(runDir, 'cabin', 'cabin-state'), 'utf8');
const pend = (pid = process.pid, since = nowSeconds()) => writeFileSync(path.join(runDir, 'update-pending'), `pid=${pid}\nsince=${since}\n`);
const unpend = () => rmSync(path.join(runDir, 'update-pending'), { force: true });

async function cabinWithGate(alive?: (pid: number) => boolean) {
  const c = startCabin();
  await c.settle();
  gate = startUpdateGate({ runtime: c, version: '1.2.3', runDir, everyMs: 1000, alive, log: (m) => logs.push(m) });
  return c;
}

describe('cabin-state', () => {
  it('says the pid, the version and the state, and follows each change of state', async () => {
    const c = await cabinWithGate();
    expect(stateFile()).toBe(`pid=${process.pid}\nversion=1.2.3\nstate=attract\nout_of_service=\n`);
    await c.send({ type: 'TOUCH' });
    expect(stateFile()).toContain('state=welcome\n');
    await c.send({ type: 'ACCEPT' });
    expect(stateFile()).toContain('state=session\n');
  });

  it('says why the cabin is out of service', async () => {
    const c = await cabinWithGate();
    await c.send({ type: 'DEVICES_CHANGED', devices: { printer: 'absent' } });
    expect(c.cabin()).toBe('outOfService');
    expect(stateFile()).toContain('state=outOfService\nout_of_service=device-missing\n');
  });

  it('creates its directory and says once, without throwing, when it cannot write', async () => {
    writeFileSync(path.join(runDir, 'blocker'), '');
    const c = startCabin();
    await c.settle();
    gate = startUpdateGate({ runtime: c, version: '1', runDir: path.join(runDir, 'blocker', 'sub'), log: (m) => logs.push(m) });
    await c.send({ type: 'TOUCH' });
    expect(logs.filter((l) => l.includes('cannot write'))).toHaveLength(1);
    expect(c.cabin()).toBe('welcome');
  });
});

describe('update-pending', () => {
  it('on attract: the updating screen at the next look, and attract again once the file is gone', async () => {
    const c = await cabinWithGate();
    pend();
    await c.advance(1000);
    expect(c.cabin()).toBe('updating');
    expect(stateFile()).toContain('state=updating\n');
    await c.send({ type: 'TOUCH' });
    expect(c.cabin()).toBe('updating');
    unpend();
    await c.advance(1000);
    expect(c.cabin()).toBe('attract');
  });

  it('during a session: nothing changes until the wipe is over, then the update goes before the next resident', async () => {
    const c = await cabinWithGate();
    await c.openDemarche();
    pend();
    await c.advance(5000);
    expect(c.matches({ cabin: 'session' })).toBe(true);
    await c.send({ type: 'END_REQUEST' });
    // Ending, wiping, goodbye (its timer), then attract: at that change, not a poll later.
    await c.advance(60_000);
    expect(c.calls).toContain('wipe');
    expect(c.cabin()).toBe('updating');
  });

  it('ignores a file whose process is gone, or that is too old, or malformed — saying so once', async () => {
    const c = await cabinWithGate((pid) => pid === process.pid);
    pend(999_999);
    await c.advance(3000);
    expect(c.cabin()).toBe('attract');
    expect(logs.filter((l) => l.includes('left over'))).toHaveLength(1);
    pend(process.pid, nowSeconds() - 3 * 60 * 60);
    await c.advance(1000);
    expect(c.cabin()).toBe('attract');
    writeFileSync(path.join(runDir, 'update-pending'), 'pid=$(reboot)\n');
    await c.advance(1000);
    expect(c.cabin()).toBe('attract');
  });
});

describe('parsePendingUpdate', () => {
  it.each([
    ['pid=12\nsince=1700000000\n', { pid: 12, since: 1700000000 }],
    ['since=1700000000\npid=12', { pid: 12, since: 1700000000 }],
    ['pid=12\n', null],
    ['pid=-1\nsince=1\n', null],
    ['pid=1; rm -rf /\nsince=1\n', null],
  ])('%j', (text, expected) => expect(parsePendingUpdate(text)).toEqual(expected));
});

describe('where the gate lives', () => {
  it('CABINE_RUN_DIR, else /run/cabine when a kiosk install made it, else nowhere', () => {
    expect(updateGateRunDir({ CABINE_RUN_DIR: '/tmp/x' }, () => false)).toBe('/tmp/x');
    expect(updateGateRunDir({}, (p) => p === DEFAULT_RUN_DIR)).toBe(DEFAULT_RUN_DIR);
    expect(updateGateRunDir({}, () => false)).toBeNull();
  });

  it('no run directory (not a kiosk install): no gate, said once, the cabin untouched', async (ctx) => {
    if (existsSync(DEFAULT_RUN_DIR)) ctx.skip(`${DEFAULT_RUN_DIR} exists on this machine`);
    vi.stubEnv('CABINE_RUN_DIR', '');
    try {
      const c = startCabin();
      await c.settle();
      gate = startUpdateGate({ runtime: c, version: '1', log: (m) => logs.push(m) });
      await c.advance(3000);
      expect(logs).toEqual(['update gate off: no /run/cabine (not a kiosk install)']);
      await c.send({ type: 'TOUCH' });
      expect(c.cabin()).toBe('welcome');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
