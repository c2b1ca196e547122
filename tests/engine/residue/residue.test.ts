// The residue audit on the real Chromium adapter, the real wipe, the private CUPS (PDF queue) and
// SANE test backend: the fixture writes a canary everywhere a browser keeps state; after the wipe
// nothing of it may be found on disk or by a fresh session. Also proves the audit can fail, and
// that a kill -9 of the app and its browser mid-session leaves nothing after the next boot sweep.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHolders, identify, isAlive, killAndWait } from '../../../src/cabin/storage/processes';
import { auditAfterCrash, runResidueAudit } from '../../../scripts/audit/residue';
import { newCanary } from '../../../scripts/harness/lifecycle';
import { startResidueFixture, type ResidueFixture } from '../../../scripts/harness/residue-site/server';
import { startVisioFixture, type VisioFixture } from '../../fixtures/visio/visio-fixture';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
// An audit runs a session, a wipe, a search of every temp and RAM directory of a shared machine,
// and a second session: minutes when the machine is busy.
const LONG = 600_000;
/** How long the audit waits for the page (each wait): far more than it needs on an idle machine. */
const SECONDS = 90;

let fixture: ResidueFixture;
/** The stand-in for the commune's Jitsi: the session has a video call too (issue 17). */
let visio: VisioFixture;
beforeAll(async () => {
  fixture = await startResidueFixture();
  visio = await startVisioFixture();
});
afterAll(async () => {
  await fixture.stop();
  await visio?.close();
});

describe('residue audit on the fixture', () => {
  it('finds the canary written all over the session before the wipe, and nowhere after it', { timeout: LONG }, async () => {
    const r = await runResidueAudit({ url: fixture.url, allow: [fixture.idpHost], seconds: SECONDS, visioUrl: `${visio.url}/` });
    // The video call was on, and the service kept the canary (the cabin's name) in the call's own profile.
    expect(r.details.call).toMatchObject({ joined: true });
    expect(r.details.call!.beforeWipe).toBeGreaterThan(0);
    expect(r.details.beforeWipe.files.some((f) => f.startsWith('profile-call-1/'))).toBe(true);
    // The fixture did its job: back from the identity provider, two downloads, printed, scanned…
    expect(r.details).toMatchObject({ ready: true, clicked: 4, downloads: 2, scanned: true });
    expect(r.details.printJobId).not.toBeNull();
    // …and the canary sat in the profile in several stores and encodings before the wipe. (Only
    // the stores Chromium writes at once are required: it writes its cookie and history databases
    // lazily, and the wipe kills it before it does; cookies are counted in the receipt and looked
    // for by the next session.)
    const stores = r.details.beforeWipe.files.join('\n');
    for (const store of ['Local Storage', 'Session Storage', 'IndexedDB', 'Service Worker/CacheStorage', 'files/avis.pdf', 'files/attestation.txt']) {
      expect(stores).toContain(store);
    }
    expect(r.details.beforeWipe.hits).toBeGreaterThanOrEqual(10);
    expect(r.details.beforeWipe.encodings).toEqual(expect.arrayContaining(['raw', 'utf16le']));
    // The receipt counts what was there.
    expect(r.details.receipt).toMatchObject({ documents: 2, scans: 1, printJobs: 1, verified: true });
    expect((r.details.receipt as { storageEntries: number }).storageEntries).toBeGreaterThanOrEqual(3);
    // Nothing of it afterwards, on disk or for the next resident.
    expect(r.details.wipeError).toBeNull();
    expect(r.details.unreadable).toEqual([]);
    expect(r).toMatchObject({ hits: [], next_session: 'clean', ok: true });
    expect(r.canary).toMatch(/^[A-Za-z][A-Za-z0-9]{23}$/);
    expect(r.details.searchedRoots).toEqual(expect.arrayContaining(['/tmp', '/dev/shm']));
  });

  it('fails when the wipe leaves the browser and its profile: the wipe refuses, the search finds the canary', { timeout: LONG }, async () => {
    const r = await runResidueAudit({
      url: fixture.url,
      allow: [fixture.idpHost],
      seconds: SECONDS,
      unsafeSkipWipeSteps: ['destroy-engine', 'kill-holders', 'delete-session-dir'],
    });
    expect(r.ok).toBe(false);
    expect(r.details.wipeError).toMatch(/wipe not verified/);
    expect(r.details.wipeProblems.map((p) => p.kind)).toEqual(expect.arrayContaining(['session-dir-remains', 'process-survives', 'file-held-open']));
    expect(r.hits.length).toBeGreaterThan(3);
    expect(r.hits.some((h) => h.path.includes('/profile/') && h.encoding === 'utf16le')).toBe(true);
    expect(r.next_session).toBe('not-run');
  });

  it('fails when a trace of the canary lies anywhere searched, in any encoding', { timeout: LONG }, async () => {
    const planted: { path: string; encoding: string }[] = [];
    const r = await runResidueAudit({
      url: fixture.url,
      allow: [fixture.idpHost],
      seconds: SECONDS,
      afterWipe: async (bench, canary) => {
        // A log line with the canary inside a base64 blob (at an odd offset), and a UTF-16 copy in the state dir.
        const log = path.join(bench.tmp, 'cabine-debug.log');
        await writeFile(log, `payload=${Buffer.from(`xy${canary}z`).toString('base64')}\n`);
        planted.push({ path: log, encoding: 'base64' });
        await mkdir(bench.stateDir, { recursive: true });
        const stats = path.join(bench.stateDir, 'stats.bin');
        await appendFile(stats, Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(canary, 'utf16le')]));
        planted.push({ path: stats, encoding: 'utf16le' });
      },
    });
    expect(r.details.wipeError).toBeNull();
    expect(r.next_session).toBe('clean');
    expect(r.hits).toEqual(expect.arrayContaining(planted));
    expect(r.hits).toHaveLength(2);
    expect(r.ok).toBe(false);
  });

  it('the command prints one JSON object and exits 0 on the fixture', { timeout: LONG }, async () => {
    const child = spawn(TSX, ['scripts/audit/residue.ts', '--url', fixture.url, '--allow', fixture.idpHost, '--seconds', String(SECONDS)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(['canary', 'hits', 'next_session', 'wipe_ms', 'ok']);
    expect(result).toMatchObject({ hits: [], next_session: 'clean', ok: true });
    expect(code).toBe(0);
    // Its own progress lines never carry the canary.
    const ours = err.split('\n').filter((l) => l.startsWith('audit:'));
    expect(ours.length).toBeGreaterThan(3);
    for (const line of ours) expect(line).not.toContain(String(result.canary));
  });
});

describe('kill -9 in the middle of a session', () => {
  it('the next start sweeps everything: 0 hits, a clean next session', { timeout: LONG }, async () => {
    const base = `/dev/shm/ck-${process.pid.toString(36)}`;
    const canary = newCanary();
    const child = spawn(TSX, [path.join(ROOT, 'tests/engine/residue/crash-app.ts'), fixture.url, fixture.idpHost, base, canary], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
        });
        child.on('exit', (code) => reject(new Error(`crash-app exited early (${code})`)));
      });
      const info = JSON.parse(line) as {
        appPid: number;
        enginePids: number[];
        sessionDir: string;
        ready: boolean;
        printJobId: number | null;
        scanned: boolean;
        downloads: number;
      };
      expect(info).toMatchObject({ ready: true, scanned: true, downloads: 2 });
      expect(info.enginePids.length).toBeGreaterThan(0);
      // The session really left things to sweep.
      expect(existsSync(info.sessionDir)).toBe(true);
      const refs = await Promise.all([info.appPid, ...info.enginePids].map(identify));
      for (const pid of [info.appPid, ...info.enginePids]) process.kill(pid, 'SIGKILL');
      await new Promise((r) => child.on('exit', r));

      const r = await auditAfterCrash({ base, canary, url: fixture.url, allow: [fixture.idpHost], seconds: SECONDS });
      for (const ref of refs) expect(await isAlive(ref)).toBe(false);
      // The crashed session and the next one it had pre-warmed; the orphaned pre-warmed browser killed.
      expect(r.sweep.removedEntries).toBe(2);
      expect(r.sweep.killedProcesses).toBeGreaterThan(0);
      expect(existsSync(info.sessionDir)).toBe(false);
      expect(r).toMatchObject({ hits: [], next_session: 'clean', ok: true });
    } finally {
      child.kill('SIGKILL');
      await killAndWait(await findHolders([base], { excludePids: [process.pid] }));
      await rm(base, { recursive: true, force: true });
    }
  });
});
