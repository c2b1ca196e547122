// The cabin's journal sent to the Métropole (issue 16), with systemd's real tools: systemd-journal-upload run
// with the settings of the shipped build/linux/journal-upload/cabine.conf, over HTTPS (a private CA made by
// openssl) to systemd-journal-remote; journalctl on what arrived keeps each line's priority.
// What no container here can run is journald itself, which turns a line's "<3>" prefix into PRIORITY=3
// (SyslogLevelPrefix=yes): the stand-in below does that one step, on lines made by src/base/log.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCa, type TestCa } from '../../../scripts/harness/test-ca';
import { journalLine, type LogLevel } from '../../../src/base/log';
import { freePort, untilListening } from '../../../src/base/node/ports';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const REMOTE = '/lib/systemd/systemd-journal-remote';
const UPLOAD = '/lib/systemd/systemd-journal-upload';
let work: string;
let ca: TestCa;
let remote: ChildProcess | null = null;

/** What journald does with a unit's stdout line: "<N>text" → PRIORITY=N, MESSAGE=text (journal export format). */
function asJournaldWould(line: string, i: number): string {
  const m = /^<([0-7])>(.*)$/s.exec(line);
  const [priority, message] = m ? [m[1]!, m[2]!] : ['6', line];
  const usec = BigInt(Date.now()) * 1000n + BigInt(i);
  return [
    `__REALTIME_TIMESTAMP=${usec}`,
    `__MONOTONIC_TIMESTAMP=${1000 + i}`,
    '_BOOT_ID=0123456789abcdef0123456789abcdef',
    `MESSAGE=${message}`,
    `PRIORITY=${priority}`,
    'SYSLOG_IDENTIFIER=cabine',
    '_SYSTEMD_UNIT=cabine-kiosk.service',
    '',
    '',
  ].join('\n');
}

/** The [Upload] settings of the shipped drop-in. */
async function shippedUploadSettings(): Promise<Record<string, string>> {
  const text = await readFile(path.join(ROOT, 'build/linux/journal-upload/cabine.conf'), 'utf8');
  const settings: Record<string, string> = {};
  let section = '';
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(t);
    if (header) section = header[1]!;
    else if (section === 'Upload') {
      const [k, ...v] = t.split('=');
      settings[k!] = v.join('=');
    }
  }
  return settings;
}

beforeAll(async () => {
  // npm test installs them (scripts/ensure-system.mjs): in CI a missing tool is a failure to see.
  for (const tool of [REMOTE, UPLOAD]) if (!existsSync(tool)) throw new Error(`${tool} is missing: apt-get install systemd-journal-remote`);
  work = await mkdtemp(path.join(tmpdir(), 'cabine-journal-'));
  ca = makeTestCa(work, 'journal');
});

afterAll(async () => {
  remote?.kill('SIGTERM');
  if (remote && remote.exitCode === null) await new Promise((r) => remote!.once('exit', r));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the cabin’s journal, uploaded to the Métropole', () => {
  it('arrives over HTTPS with each line’s priority: the centre can keep only warnings and errors', async () => {
    // The cabin's side: lines as the shells write them under systemd, then as journald stores them.
    const lines: [string, LogLevel][] = [
      ['cabine: config: /etc/cabine/config.yaml', 'info'],
      ['cabine: storage {"event":"wipe","attempt":1,"ok":false}', 'err'],
      ['cabine: storage {"event":"prewarm","ok":false}', 'warning'],
      ['cabine: restarting between residents (a new config from the fleet)', 'notice'],
    ];
    const exported = lines.map(([m, level], i) => asJournaldWould(journalLine(m, level, true), i)).join('');
    await writeFile(path.join(work, 'cabin.export'), exported);
    const local = path.join(work, 'cabin.journal');
    const made = spawnSync(REMOTE, [`--output=${local}`, path.join(work, 'cabin.export')], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);

    // The Métropole's side: systemd-journal-remote over HTTPS.
    const port = await freePort();
    const received = path.join(work, 'received');
    await mkdir(received);
    remote = spawn(REMOTE, [`--listen-https=127.0.0.1:${port}`, `--key=${ca.keyFile}`, `--cert=${ca.certFile}`, `--output=${received}/`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await untilListening(port);

    // The upload, with the shipped settings (the URL and the files of this test in place of the cabin's).
    const shipped = await shippedUploadSettings();
    expect(Object.keys(shipped).sort()).toEqual(['ServerCertificateFile', 'ServerKeyFile', 'TrustedCertificateFile', 'URL']);
    expect(shipped.URL).toBe('@JOURNAL_REMOTE_URL@');
    const settings = {
      ...shipped,
      URL: `https://127.0.0.1:${port}`,
      ServerKeyFile: ca.clientKeyFile,
      ServerCertificateFile: ca.clientCertFile,
      TrustedCertificateFile: ca.caFile,
    };
    const upload = spawnSync(
      UPLOAD,
      [
        `--url=${settings.URL}`,
        `--key=${settings.ServerKeyFile}`,
        `--cert=${settings.ServerCertificateFile}`,
        `--trust=${settings.TrustedCertificateFile}`,
        `--file=${local}`,
        '--follow=no',
        `--save-state=${path.join(work, 'upload-state')}`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(upload.status, upload.stderr).toBe(0);

    const read = (args: string[]) => {
      const r = spawnSync('journalctl', [`--directory=${received}`, '-o', 'json', ...args], { encoding: 'utf8' });
      return r.stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { MESSAGE: string; PRIORITY: string });
    };
    await expect.poll(() => read([]).length, { timeout: 10_000 }).toBe(4);
    expect(read(['-p', 'warning']).map((e) => [e.PRIORITY, e.MESSAGE])).toEqual([
      ['3', 'cabine: storage {"event":"wipe","attempt":1,"ok":false}'],
      ['4', 'cabine: storage {"event":"prewarm","ok":false}'],
    ]);
    expect(read(['-p', 'err']).map((e) => e.MESSAGE)).toEqual(['cabine: storage {"event":"wipe","attempt":1,"ok":false}']);
  }, 60_000);

  it('refuses a server whose certificate is not from the Métropole’s CA: nothing is sent', async () => {
    const other = makeTestCa(work, 'other');
    const port = await freePort();
    const received = path.join(work, 'elsewhere');
    await mkdir(received);
    const impostor = spawn(REMOTE, [`--listen-https=127.0.0.1:${port}`, `--key=${other.keyFile}`, `--cert=${other.certFile}`, `--output=${received}/`], {
      stdio: 'ignore',
    });
    try {
      await untilListening(port);
      const upload = spawnSync(
        UPLOAD,
        [
          `--url=https://127.0.0.1:${port}`,
          `--key=${ca.clientKeyFile}`,
          `--cert=${ca.clientCertFile}`,
          `--trust=${ca.caFile}`,
          `--file=${path.join(work, 'cabin.journal')}`,
          '--follow=no',
          `--save-state=${path.join(work, 'impostor-state')}`,
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      expect(upload.stderr).toMatch(/certificate|SSL|TLS/i);
      const got = spawnSync('journalctl', [`--directory=${received}`, '-o', 'json'], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter((l) => l.startsWith('{'));
      expect(got).toEqual([]);
    } finally {
      impostor.kill('SIGTERM');
    }
  }, 60_000);
});
