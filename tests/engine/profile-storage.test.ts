// The receipt's storage count read from a real Chromium profile on disk (the final count of a session) against
// Playwright's storageState(), which visits every origin: the same number, cookies and Local Storage of two origins.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChromiumEngine, type ChromiumEngine, type ChromiumView } from '../../src/engine/chromium/engine';
import { countLocalStorageEntries } from '../../src/engine/chromium/profile-storage';
import type { EngineSession } from '../../src/engine/port';

// Origin A: three cookies (a persistent and a session one from the server, one from script), Local Storage entries
// (one with a non-Latin-1 name, one overwritten, one removed), then on to origin B, which stores `n` entries of its own.
function page(url: URL): string {
  const n = Number(url.searchParams.get('n') ?? 0);
  if (url.pathname === '/a') {
    return `<!doctype html><script>
      document.cookie = 'from_script=1; path=/';
      localStorage.setItem('plain', 'a');
      localStorage.setItem('ünïcödé ✓', 'b');
      localStorage.setItem('again', '1');
      localStorage.setItem('again', '2');
      localStorage.setItem('gone', 'x');
      localStorage.removeItem('gone');
      location.href = ${JSON.stringify(url.searchParams.get('next'))};
    </script>`;
  }
  return `<!doctype html><script>
    for (let i = 0; i < ${n}; i++) localStorage.setItem('k' + i, String(i).padStart(${n > 100 ? 2000 : 4}, '-'));
    document.title = 'ready';
  </script>`;
}

let server: http.Server;
let port: number;
let root: string;
let engine: ChromiumEngine;
const sessions: EngineSession[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'text/html; charset=utf-8' };
    if (url.pathname === '/a') headers['set-cookie'] = ['kept=1; Max-Age=3600; Path=/', 'session_only=1; Path=/'];
    res.writeHead(200, headers).end(page(url));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  root = await mkdtemp(path.join(process.env.CABINE_TEST_RAM ?? '/dev/shm', 'cabine-profile-count-'));
  engine = createChromiumEngine();
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.destroy().catch(() => {})));
  await engine?.shutdown();
  await new Promise((resolve) => server?.close(resolve));
  if (root) await rm(root, { recursive: true, force: true });
});

async function sessionThrough(name: string, n: number) {
  const profileDir = path.join(root, name, 'profile');
  const filesDir = path.join(root, name, 'files');
  await mkdir(filesDir, { recursive: true });
  const session = await engine.startSession({ sessionId: name, profileDir, filesDir, allowLoopback: true });
  sessions.push(session);
  const b = `http://b.localhost:${port}/b?n=${n}`;
  const view = (await session.open({
    id: 't',
    startUrl: `http://127.0.0.1:${port}/a?next=${encodeURIComponent(b)}`,
    allow: ['127.0.0.1', 'b.localhost'],
    permissions: [],
  })) as ChromiumView;
  for (let i = 0; (await view.page.title()) !== 'ready'; i++) {
    if (i > 600) throw new Error('the page never got ready');
    await new Promise((r) => setTimeout(r, 25));
  }
  return { session, profileDir, view };
}

describe('storage count from the profile on disk (Chromium)', () => {
  it('counts what storageState counts: cookies, and Local Storage of every origin visited', { timeout: 120_000 }, async () => {
    const { session, profileDir, view } = await sessionThrough('small', 5);
    // Playwright's count, the page still open on B (A is visited by a page of its own).
    const visited = await session.countStorageEntries();
    // 3 cookies; A: plain, ünïcödé ✓, again; B: k0…k4.
    expect(visited).toBe(3 + 3 + 5);
    await view.close();
    expect(await session.countStorageEntries({ final: true })).toBe(visited);
    // The entries are on disk now, and nothing else is taken for one.
    expect(await countLocalStorageEntries(profileDir)).toBe(8);
  });

  it('reads a large Local Storage (records split across the log blocks), with the view still open', { timeout: 120_000 }, async () => {
    // 2000 values of 2,000 characters: 4 MB, committed in batches longer than the log's 32 KB blocks.
    const { session, profileDir } = await sessionThrough('large', 2000);
    const visited = await session.countStorageEntries();
    expect(visited).toBe(3 + 3 + 2000);
    expect(await session.countStorageEntries({ final: true })).toBe(visited);
    expect(await countLocalStorageEntries(profileDir)).toBe(3 + 2000);
  });
});
