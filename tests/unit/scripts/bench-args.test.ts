// The benches' command lines: `npm run bench:wipe` and `npm run bench:soak` read their flags with
// node:util's parseArgs (`--flag value` or `--flag=value`); a bad value is said at once and the
// command exits 2, before any environment is started.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs as parseSoakArgs } from '../../../scripts/bench/soak';
import { parseArgs as parseWipeArgs } from '../../../scripts/bench/wipe';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('bench:wipe arguments', () => {
  it('defaults, both forms; a flag it does not know refused', () => {
    expect(parseWipeArgs([])).toEqual({ sessions: 20, mb: 50, machineSessions: 10 });
    expect(parseWipeArgs(['--sessions', '2', '--mb=1.5', '--machine-sessions', '1', 'stray'])).toEqual({ sessions: 2, mb: 1.5, machineSessions: 1 });
    expect(() => parseWipeArgs(['--sesions', '2'])).toThrow('unknown argument --sesions');
  });

  it.each([
    [['--sessions', '0'], '--sessions must be a positive number'],
    [['--sessions'], '--sessions must be a positive number'],
    [['--mb', 'lots'], '--mb must be a positive number'],
    [['--machine-sessions=-1'], '--machine-sessions must be a positive number'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseWipeArgs(argv)).toThrow(message);
  });

  it('the command says it and exits 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/wipe.ts', '--machine-sessions', '0'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('bench:wipe: --machine-sessions must be a positive number\n');
  });
});

describe('bench:soak arguments', () => {
  it('defaults, both forms; a flag it does not know refused', () => {
    expect(parseSoakArgs([])).toEqual({ sessions: 200, print: false });
    expect(parseSoakArgs(['--sessions', '11', '--print'])).toEqual({ sessions: 11, print: true });
    expect(parseSoakArgs(['--print', '--sessions=50'])).toEqual({ sessions: 50, print: true });
    expect(() => parseSoakArgs(['--print', '--sesions=50'])).toThrow('unknown argument --sesions');
  });

  it.each([
    [['--sessions', '12.5'], '--sessions must be a positive integer'],
    [['--sessions'], '--sessions must be a positive integer'],
    [['--sessions', '--print'], '--sessions must be a positive integer'],
    [['--sessions', '-3'], '--sessions must be a positive integer'],
    [['--sessions=10'], '--sessions must be more than 10 (growth is measured from session 10)'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSoakArgs(argv)).toThrow(message);
  });

  it('the command says it and exits 2', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/bench/soak.ts', '--sessions', '5'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('bench:soak: --sessions must be more than 10 (growth is measured from session 10)\n');
  });
});
