// What only the Chromium adapter does (the contract suite covers what every adapter does):
// its browser lives inside the session directory, runs with the opener stand-ins, and leaves
// no process behind — including the crash handler Chromium double-forks out of its own tree.
import { readFile, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChromiumView } from '../../src/engine/chromium/engine';
import { NoticeLog, until, type SessionUnderTest } from './contract/harness';
import { createChromiumHarness, type ChromiumHarness } from './chromium-harness';
import { FIXTURE_ALLOW } from '../fixtures/escape/server';

async function environOf(pid: number): Promise<Record<string, string>> {
  const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
  return Object.fromEntries(
    raw
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

async function cmdline(pid: number): Promise<string[]> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
}

/** mtime (or absence) of what a Chromium writes in the real home when nobody redirects it. */
async function homeFootprint(): Promise<Record<string, number | null>> {
  const places = ['.config/chromium', '.cache/chromium', '.pki/nssdb', '.local/share/recently-used.xbel', 'Downloads'];
  const out: Record<string, number | null> = {};
  for (const p of places)
    out[p] = await stat(path.join(homedir(), p)).then(
      (s) => s.mtimeMs,
      () => null,
    );
  return out;
}

describe('Chromium adapter specifics', () => {
  let h: ChromiumHarness;
  let s: SessionUnderTest;
  let before: Record<string, number | null>;

  beforeAll(async () => {
    before = await homeFootprint();
    h = await createChromiumHarness();
    s = await h.newSession();
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('runs the browser with its home, caches and temp inside the session directory, and the opener stand-ins first in PATH', async () => {
    const [root] = s.session.pids();
    expect(root).toBeGreaterThan(0);
    const args = await cmdline(root!);
    expect(args).toContain(`--user-data-dir=${s.profileDir}`);
    expect(args.some((a) => a.startsWith('--disable-blink-features=') && a.includes('FileSystemAccessLocal'))).toBe(true);
    expect(args).toContain('--deny-permission-prompts');
    const env = await environOf(root!);
    for (const key of ['HOME', 'TMPDIR', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME'])
      expect(env[key]?.startsWith(s.profileDir + path.sep), key).toBe(true);
    // Chromium's own words in pages (« Choisir un fichier ») in French: LANGUAGE, as --lang is ignored on Linux.
    expect(env.LANGUAGE).toBe('fr');
    const firstInPath = env.PATH?.split(':')[0] ?? '';
    expect(await readdir(firstInPath)).toEqual(expect.arrayContaining(['xdg-open', 'xdg-email', 'xdg-settings']));
    const prefs = JSON.parse(await readFile(path.join(s.profileDir, 'Default', 'Preferences'), 'utf8')) as {
      plugins?: { always_open_pdf_externally?: boolean };
    };
    expect(prefs.plugins?.always_open_pdf_externally).toBe(true);
  });

  it('an external protocol reaches the stand-ins only: nothing is launched, the attempt is reported', async () => {
    const view = (await s.session.open({ id: 't', startUrl: h.fixtures.url('app.localhost', '/'), allow: FIXTURE_ALLOW, permissions: [] })) as ChromiumView;
    const log = new NoticeLog(view);
    await view.page.click('#mailto');
    await log.wait('navigation-blocked', (n) => n.reason === 'external-protocol');
    const attempts = await until(
      async () => (await readFile(path.join(s.profileDir, 'external-open.log'), 'utf8').catch(() => '')).trim(),
      'the stand-in recorded the attempt',
    );
    expect(attempts).toMatch(/^xdg-settings\tmailto:/m);
    await view.close();
  });

  it('pids() covers the crash handler outside the browser tree, and destroy() ends every one', async () => {
    const pids = s.session.pids();
    const names = await Promise.all(pids.map(async (p) => (await cmdline(p))[0] ?? ''));
    expect(names.some((n) => n.endsWith('chromium'))).toBe(true);
    await s.session.destroy();
    for (const pid of pids) expect(await h.processRunning(pid), `${pid} survived`).toBe(false);
  });

  it('wrote nothing in the real home directory', async () => {
    expect(await homeFootprint()).toEqual(before);
  });
});
