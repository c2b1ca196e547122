// Device option names differ between SANE backends; the driver must pass each device its own names and
// nothing it lacks. Inputs: `scanimage -A` of the SANE test backend recorded here, and option lines of five
// real scanners from public issue threads (fixtures/other-backends-options.txt says which).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deviceArgs, parseSaneOptions, type ScanSettings } from '../../../../src/devices/scanner/sane-options';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const testBackend = parseSaneOptions(readFileSync(path.join(dir, 'test-backend-options.txt'), 'utf8'));
const others = Object.fromEntries(
  readFileSync(path.join(dir, 'other-backends-options.txt'), 'utf8')
    .split(/^=== /m)
    .slice(1)
    .map((block) => [block.slice(0, block.indexOf('\n')).trim(), parseSaneOptions(block)]),
);
const a4 = (s: Partial<ScanSettings>): ScanSettings => ({ mode: 'color', source: 'flatbed', resolution: 300, widthMm: 210, heightMm: 297, ...s });

describe('parseSaneOptions', () => {
  it('reads lists, ranges and inactive options of the test backend', () => {
    expect(testBackend.get('mode')).toMatchObject({ values: ['Gray', 'Color'], inactive: false });
    expect(testBackend.get('source')?.values).toEqual(['Flatbed', 'Automatic Document Feeder']);
    expect(testBackend.get('resolution')).toMatchObject({ values: null, range: { min: 1, max: 1200 } });
    expect(testBackend.get('x')?.range).toEqual({ min: 0, max: 300 });
    expect(testBackend.get('three-pass-order')?.inactive).toBe(true);
  });

  it('reads unit-suffixed lists and fractional ranges of real devices', () => {
    expect(others.hpaio!.get('resolution')?.values).toEqual(['75', '100', '200', '300', '600']);
    expect(others.fujitsu!.get('y')?.range).toEqual({ min: 0, max: 296.972 });
    expect(others.fujitsu!.get('page-width')?.inactive).toBe(true);
    expect(others.airscan!.get('brightness')?.range).toEqual({ min: -100, max: 100 });
  });
});

describe('deviceArgs', () => {
  it('test backend: its own names, A4 from the corner', () => {
    expect(deviceArgs(testBackend, a4({ mode: 'gray', resolution: 150 }))).toEqual([
      '--mode',
      'Gray',
      '--source',
      'Flatbed',
      '--resolution',
      '150',
      '-l',
      '0',
      '-t',
      '0',
      '-x',
      '210',
      '-y',
      '297',
    ]);
    expect(deviceArgs(testBackend, a4({ source: 'adf' }))).toContain('Automatic Document Feeder');
  });

  it('airscan: a resolution it lacks becomes the nearest one, never a blurrier one on a tie', () => {
    const args = deviceArgs(others.airscan!, a4({ resolution: 150 }));
    expect(args.slice(0, 6)).toEqual(['--mode', 'Color', '--source', 'Flatbed', '--resolution', '200']);
  });

  it('fujitsu: simplex feeder, and A4 height clamped to what the device allows', () => {
    const args = deviceArgs(others.fujitsu!, a4({ source: 'adf', mode: 'gray' }));
    expect(args).toEqual(['--mode', 'Gray', '--source', 'ADF Front', '--resolution', '300', '-l', '0', '-t', '0', '-x', '210', '-y', '296.972']);
  });

  it('canon_dr: no flatbed, so no --source (the device keeps its feeder)', () => {
    const args = deviceArgs(others.canon_dr!, a4({ source: 'flatbed', resolution: 150 }));
    expect(args).not.toContain('--source');
    expect(args.slice(0, 4)).toEqual(['--mode', 'Color', '--resolution', '150']);
  });

  it('plustek: "Normal" is its flatbed', () => {
    expect(deviceArgs(others.plustek!, a4({}))).toEqual([
      '--mode',
      'Color',
      '--source',
      'Normal',
      '--resolution',
      '300',
      '-l',
      '0',
      '-t',
      '0',
      '-x',
      '210',
      '-y',
      '297',
    ]);
  });

  it('hpaio: Gray is not confused with Lineart', () => {
    expect(deviceArgs(others.hpaio!, a4({ mode: 'gray' })).slice(0, 2)).toEqual(['--mode', 'Gray']);
  });

  it('without the option list: common names', () => {
    expect(deviceArgs(null, a4({ source: 'adf' }))).toEqual([
      '--mode',
      'Color',
      '--source',
      'ADF',
      '--resolution',
      '300',
      '-l',
      '0',
      '-t',
      '0',
      '-x',
      '210',
      '-y',
      '297',
    ]);
  });
});
