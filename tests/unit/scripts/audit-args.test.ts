// The audits' command lines: `npm run audit:escape` and `npm run audit:residue` read their flags with
// node:util's parseArgs, in both `--flag value` and `--flag=value` forms, and say what is wrong in
// the same words as before (the command prints it and exits 2).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs as parseEscapeArgs, UsageError } from '../../../scripts/audit/escape';
import { parseArgs as parseResidueArgs } from '../../../scripts/audit/residue';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('audit:escape arguments', () => {
  it('reads every flag, in both forms', () => {
    expect(
      parseEscapeArgs([
        '--url',
        'https://demarche.example/start?a=b',
        '--allow',
        ' Demarche.Example,,idp.example ',
        '--seconds',
        '2',
        '--headless',
        '--verbose',
      ]),
    ).toEqual({
      url: 'https://demarche.example/start?a=b',
      allow: ['demarche.example', 'idp.example'],
      seconds: 2,
      headless: true,
      verbose: true,
    });
    expect(parseEscapeArgs(['--url=https://demarche.example/?x=1', '--allow=demarche.example', '--seconds=0', '--unsafe-disable=navigation,popups'])).toEqual({
      url: 'https://demarche.example/?x=1',
      allow: ['demarche.example'],
      seconds: 0,
      unsafeDisable: ['navigation', 'popups'],
    });
  });

  it('reads the payment walk: a page on a payment host, the payment hosts, the bank hosts (issue 15)', () => {
    const base = ['--url', 'https://a.example/', '--allow', 'a.example'];
    expect(
      parseEscapeArgs([...base, '--payment-url', 'https://Pay.example/shop', '--payment-hosts', 'Pay.example', '--bank-hosts=acs.bank.example,*.bank2.example'])
        .payment,
    ).toEqual({ url: 'https://Pay.example/shop', hosts: ['pay.example'], bankHosts: ['acs.bank.example', '*.bank2.example'] });
    expect(parseEscapeArgs(base).payment).toBeUndefined();
    expect(() => parseEscapeArgs([...base, '--payment-hosts', 'pay.example', '--bank-hosts', 'b.example'])).toThrow('--payment-url must be an absolute URL');
    expect(() => parseEscapeArgs([...base, '--payment-url', 'https://pay.example/', '--bank-hosts', 'b.example'])).toThrow(
      '--payment-hosts needs at least one host',
    );
    expect(() => parseEscapeArgs([...base, '--payment-url', 'https://pay.example/', '--payment-hosts', 'pay.example'])).toThrow(
      '--bank-hosts needs at least one host',
    );
    expect(() => parseEscapeArgs([...base, '--payment-url', 'https://a.example/', '--payment-hosts', 'pay.example', '--bank-hosts', 'b.example'])).toThrow(
      '--payment-url must be on one of --payment-hosts',
    );
  });

  it('reads the video call to keep open during the walk (issue 17): an http(s) service', () => {
    const base = ['--url', 'https://a.example/', '--allow', 'a.example'];
    expect(parseEscapeArgs([...base, '--visio-url', 'https://visio.example.fr/']).visioUrl).toBe('https://visio.example.fr/');
    expect(parseEscapeArgs(base).visioUrl).toBeUndefined();
    for (const bad of ['visio.example.fr', 'file:///tmp/x', 'javascript:alert(1)'])
      expect(() => parseEscapeArgs([...base, '--visio-url', bad])).toThrow('--visio-url must be an http(s) URL');
  });

  it('the last of a repeated flag wins', () => {
    expect(parseEscapeArgs(['--url', 'https://a.example/', '--allow', 'a.example', '--url', 'https://b.example/']).url).toBe('https://b.example/');
  });

  it.each([
    [['--url', 'https://a.example/', '--allow', 'a.example', '--bogus'], 'unknown argument --bogus'],
    [['--url', 'https://a.example/', '--allow', 'a.example', '--bogus=1'], 'unknown argument --bogus=1'],
    [['--url', 'https://a.example/', '--allow', 'a.example', 'stray'], 'unknown argument stray'],
    [['--url', 'https://a.example/', '--allow', 'a.example', '-h'], 'unknown argument -h'],
    [['--url', 'https://a.example/', '--allow', 'a.example', '--'], 'unknown argument --'],
    [['--allow', 'a.example', '--url'], '--url needs a value'],
    [['--url', 'https://a.example/', '--allow'], '--allow needs a value'],
    [['--url', 'https://a.example/', '--allow', 'a.example', '--seconds', 'soon'], '--seconds must be a number ≥ 0'],
    [['--url', 'https://a.example/', '--allow', 'a.example', '--seconds=-1'], '--seconds must be a number ≥ 0'],
    [['--url', 'https://a.example/', '--allow', 'a.example', '--unsafe-disable', 'navigation,teleport'], 'unknown guard teleport (known: '],
    [['--allow', 'a.example'], '--url must be an absolute URL'],
    [['--url', 'demarche.example', '--allow', 'a.example'], '--url must be an absolute URL'],
    [['--url=', '--allow', 'a.example'], '--url must be an absolute URL'],
    [['--url', 'https://a.example/'], '--allow needs at least one host'],
    [['--url', 'https://a.example/', '--allow', ' , '], '--allow needs at least one host'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseEscapeArgs(argv)).toThrow(UsageError);
    expect(() => parseEscapeArgs(argv)).toThrow(message);
  });

  it('a value may start with a dash, as before (`--url --headless` is a URL, and not one)', () => {
    expect(() => parseEscapeArgs(['--allow', 'a.example', '--url', '--headless'])).toThrow('--url must be an absolute URL');
  });

  it('the command prints the message and the usage, and exits 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit/escape.ts', '--url', 'https://a.example/', '--allow', 'a.example', '--bogus'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'unknown argument --bogus\nusage: npm run audit:escape -- --url URL --allow host[,host…] [--seconds N] [--headless] [--verbose] [--payment-url URL --payment-hosts host[,host…] --bank-hosts host[,host…]] [--visio-url URL]\n',
    );
  });
});

describe('audit:residue arguments', () => {
  it('reads every flag, in both forms, with its defaults', () => {
    expect(
      parseResidueArgs([
        '--url',
        'http://127.0.0.1:8080/',
        '--allow',
        'idp.localhost, other.localhost',
        '--seconds',
        '90',
        '--paths',
        '/var/log/cabine,/var/lib/cabine',
      ]),
    ).toEqual({
      url: 'http://127.0.0.1:8080/',
      allow: ['idp.localhost', 'other.localhost'],
      seconds: 90,
      extraPaths: ['/var/log/cabine', '/var/lib/cabine'],
    });
    expect(parseResidueArgs(['--url=https://demarche.example/', '--seconds=2.5'])).toEqual({
      url: 'https://demarche.example/',
      allow: [],
      seconds: 2.5,
      extraPaths: [],
    });
    // A video call during the session (issue 17).
    expect(parseResidueArgs(['--url', 'https://demarche.example/', '--visio-url', 'https://visio.example.fr/']).visioUrl).toBe('https://visio.example.fr/');
    // An empty or missing --seconds is the default.
    expect(parseResidueArgs(['--url', 'https://demarche.example/', '--seconds=']).seconds).toBe(15);
    expect(parseResidueArgs(['--url', 'https://demarche.example/', '--seconds']).seconds).toBe(15);
  });

  it('refuses a flag it does not know, and says which (a typo must not run the audit on defaults)', () => {
    expect(() => parseResidueArgs(['--url', 'https://demarche.example/', '--bogus'])).toThrow('unknown argument --bogus');
    expect(() => parseResidueArgs(['--url', 'https://demarche.example/', '-x'])).toThrow('unknown argument -x');
    expect(parseResidueArgs(['stray', '--url', 'https://demarche.example/'])).toEqual({
      url: 'https://demarche.example/',
      allow: [],
      seconds: 15,
      extraPaths: [],
    });
  });

  const USAGE = 'usage: npm run audit:residue -- --url URL [--allow host[,host…]] [--seconds N] [--paths p[,p…]] [--visio-url URL]';
  it.each([
    [[], USAGE],
    [['--url'], USAGE],
    [['--url', 'file:///etc/passwd'], USAGE],
    [['--url', '--seconds', '5'], USAGE],
    [['--url', 'https://demarche.example/', '--seconds', '0'], '--seconds must be a positive number'],
    [['--url', 'https://demarche.example/', '--seconds=soon'], '--seconds must be a positive number'],
    [['--url', 'https://demarche.example/', '--visio-url', 'visio.example.fr'], '--visio-url must be an http(s) URL'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseResidueArgs(argv)).toThrow(message);
  });

  it('the command prints the message and exits 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit/residue.ts', '--url', 'https://demarche.example/', '--seconds', '0'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('--seconds must be a positive number\n');
  });
});
