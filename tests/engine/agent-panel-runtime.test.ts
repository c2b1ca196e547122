// A site opened for a session dies with its wipe, through the whole cabin under Node (issue 15): the session
// machine with its real actors, the runtime, Debian's Chromium, per-session storage. In an assisted session, a link
// to a host off the allow-list shows the blocked screen; the view's grant (what the panel's « Ouvrir ce site pour
// cette session » calls) loads it. After the verified wipe, the next session is blocked again on the same link
// before any request leaves for it.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleCabin, type AssembledCabin } from '../../src/cabin/assemble';
import { createChromiumEngine, type ChromiumView } from '../../src/engine/chromium/engine';
import { at, until as untilState } from '../support/cabin-state';
import { fixtureCabinConfig } from '../support/fixture-cabin-config';
import { startDemarcheFixture, type DemarcheFixture } from '../fixtures/demarche/server';

let fixture: DemarcheFixture;
let ramRoot: string;
let stateDir: string;
let tempDir: string;
let cabin: AssembledCabin;
const requests: string[] = [];

const until = (predicate: Parameters<typeof untilState>[1], what: string, timeoutMs = 20_000) =>
  untilState(cabin.runtime, predicate, what, { timeoutMs, everyMs: 50 });
const page = () => (cabin.runtime.demarcheView() as ChromiumView).page;

beforeAll(async () => {
  fixture = await startDemarcheFixture();
  ramRoot = await mkdtemp('/dev/shm/cap-');
  stateDir = await mkdtemp('/tmp/cabine-agent-state-');
  tempDir = await mkdtemp('/tmp/cabine-agent-temp-');
  cabin = assembleCabin({
    config: fixtureCabinConfig(fixture.url(), { printer: { enabled: false, essential: false }, scanner: { enabled: false, essential: false } }),
    engine: createChromiumEngine(),
    ramRoot: path.join(ramRoot, 'root'),
    stateDir,
    tempDir,
    allowLoopback: true,
    usb: null,
    log: (m) => process.env.CABINE_TEST_VERBOSE && console.log(m),
  });
  await cabin.start();
  await cabin.runtime.waitFor('attract');
});

afterAll(async () => {
  await cabin?.stop();
  await fixture?.close();
  await rm(ramRoot, { recursive: true, force: true });
  await rm(stateDir, { recursive: true, force: true });
  await rm(tempDir, { recursive: true, force: true });
});

/** Follows the page's link to evil.localhost (off the allow-list): the blocked screen, with its host. */
async function followAway(): Promise<void> {
  const r = cabin.runtime;
  r.send({ type: 'OPEN_DEMARCHE', demarcheId: 'test' });
  await until(() => r.demarcheView() !== null, 'the démarche view');
  await page().waitForSelector('#away');
  // Requests that got an answer (one the engine refused is reported too, as failed).
  page().on('requestfinished', (req) => requests.push(req.url()));
  await page().click('#away');
  const blocked = await until(at('session', 'demarche', 'blocked'), 'the blocked screen');
  expect(blocked.context.blockedHost).toBe('evil.localhost');
}

describe("the agent's panel in the whole cabin", () => {
  it('opens a blocked site for the assisted session only: the next session after the wipe is blocked again', async () => {
    const r = cabin.runtime;
    // An assisted session: the agent's code on the attract screen.
    r.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    await until(at('session', 'catalog'), 'an assisted session');
    expect(r.getState().context.assisted).toBe(true);
    await followAway();
    // What the machine's openSiteForSession action does (src/cabin/runtime/machine.ts): the machine's own guard
    // never offers a loopback name like this fixture's, so the test calls the view the action calls.
    expect(await cabin.runtime.demarcheView()!.allowHostForSession('evil.localhost')).toBe(true);
    await expect.poll(() => page().url(), { timeout: 10_000 }).toMatch(/^http:\/\/evil\.localhost:\d+\/$/);
    await expect.poll(() => requests.some((u) => u.startsWith('http://evil.localhost')), { timeout: 10_000 }).toBe(true);
    r.send({ type: 'BACK' });
    await until(at('session', 'demarche', 'browsing'), 'back to the page');

    // The end: a verified wipe, then a resident's session.
    r.send({ type: 'END_REQUEST' });
    await until((s) => s.path[0] === 'goodbye', 'the wipe receipt', 30_000);
    expect(r.getState().context.receipt?.verified).toBe(true);
    r.send({ type: 'TOUCH' });
    await until(at('attract'), 'attract');
    r.send({ type: 'TOUCH' });
    r.send({ type: 'ACCEPT' });
    await until(at('session', 'catalog'), 'the next session');
    expect(r.getState().context).toMatchObject({ assisted: false, agent: { extraPages: 0, extraMinutes: 0, sitesOpened: 0 } });
    expect(r.getState().agentPanel).toBe('none');
    const before = requests.length;
    await followAway();
    // Refused before any answer: the site gave the next session nothing.
    expect(requests.slice(before).filter((u) => u.includes('evil.localhost'))).toEqual([]);
    expect(page().url()).not.toContain('evil.localhost');

    // The audit log never names the site.
    const files = (await readdir(stateDir, { recursive: true })).map(String).filter((f) => f.endsWith('.jsonl'));
    const text = (await Promise.all(files.map((f) => readFile(path.join(stateDir, f), 'utf8')))).join('\n');
    expect(text).toContain('"type":"session-end"');
    expect(text).not.toContain('evil.localhost');
    r.send({ type: 'END_REQUEST' });
    await until((s) => s.path[0] === 'goodbye', 'the last wipe', 30_000);
  });
});
