import { describe, expect, it } from 'vitest';
import { cli } from './memory-io';

describe('cabine (dispatch)', () => {
  it('prints the help in French', async () => {
    for (const argv of [[], ['help'], ['--help']]) {
      const r = await cli(argv, { cwd: '/' });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^cabine — outils du technicien/);
      expect(r.stdout).toContain('cabine doctor');
    }
    expect((await cli(['help', 'stats'], { cwd: '/' })).stdout).toMatch(/^Usage : cabine stats export --month AAAA-MM/);
  });

  it('prints its version', async () => {
    expect((await cli(['--version'], { cwd: '/' })).stdout).toMatch(/^cabine \d+\.\d+\.\d+\n$/);
  });

  it('says a mistake in French, with the usage, exit 2', async () => {
    const unknown = await cli(['frobnicate'], { cwd: '/' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^cabine : commande inconnue : frobnicate\n/);
    const option = await cli(['doctor', '--colour'], { cwd: '/' });
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^cabine : option inconnue : --colour\n\nUsage : cabine doctor/);
    const sub = await cli(['devices', 'show'], { cwd: '/' });
    expect(sub.stderr).toMatch(/sous-commande inconnue : devices show/);
  });
});

describe('cliArgsFrom (the --cli switch of the installed app)', async () => {
  const { cliArgsFrom } = await import('../../../src/cli/argv');
  it('returns what follows --cli, after Chromium’s own switches', () => {
    expect(cliArgsFrom(['/opt/Cabine/cabine', '--no-sandbox', '--ozone-platform=headless', '--cli', 'doctor', '--json'])).toEqual(['doctor', '--json']);
    expect(cliArgsFrom(['/opt/Cabine/cabine', '--ozone-platform=wayland'])).toBeNull();
  });
});
