// Which printer and scanner the Chromium shell gives the cabin: the machine's when they answer, else
// the private PDF printer and SANE's test scanner, said in one line (src/shell/chromium/devices.ts).
import { describe, expect, it } from 'vitest';
import { provideDevices, type PrivateDevices } from '../../../../src/shell/chromium/devices';
import { parseSize } from '../../../../src/shell/chromium/display';
import { defaultConfig, validateConfig, type CabinConfig } from '../../../../src/shared/config';

function config(): CabinConfig {
  const r = validateConfig(defaultConfig);
  if (!r.ok) throw new Error('default config invalid');
  return r.config;
}

const ENV = {
  base: '/tmp/x',
  cupsServer: '/tmp/x/cups/run/cups.sock',
  cupsSpool: '/tmp/x/cups/spool',
  queues: { pdf: 'PDF', fault: 'FAULT' },
  pdfOutDir: '/tmp/x/cups/pdf-out',
  saneConfigDir: '/tmp/x/sane.d',
  saneDevice: 'test:0',
} as PrivateDevices;

const started = () => {
  const stops: number[] = [];
  return { stops, start: async () => ({ env: ENV, stop: async () => void stops.push(1) }) };
};

describe('provideDevices', () => {
  it('uses the machine’s devices when both answer, and starts nothing', async () => {
    const c = config();
    const s = started();
    const d = await provideDevices(c, { probe: { printer: async () => true, scanner: async () => true }, start: s.start, isRoot: true });
    expect(d.overrides).toEqual({});
    expect(d.privateDevices).toBeNull();
    expect(d.line).toBe(`devices: this machine's printer queue ${c.devices.printer.queue} and scanner (first found).`);
    expect(c.devices.printer.queue).toBe('Cabine');
  });

  it('on a machine with none of them: the private PDF printer and test scanner, in one line saying where pages land', async () => {
    const c = config();
    const s = started();
    const d = await provideDevices(c, { probe: { printer: async () => false, scanner: async () => false }, start: s.start, isRoot: true });
    expect(d.overrides).toEqual({ cupsServer: ENV.cupsServer, cupsSpool: ENV.cupsSpool, saneConfigDir: ENV.saneConfigDir });
    expect(c.devices.printer.queue).toBe('PDF');
    expect(c.devices.scanner.device).toBe('test:0');
    expect(d.printedPagesDir).toBe(ENV.pdfOutDir);
    expect(d.line.split('\n')).toHaveLength(1);
    expect(d.line).toContain('this machine has no printer queue "Cabine" and no scanner');
    expect(d.line).toContain(`printed pages land in ${ENV.pdfOutDir}`);
    await d.stop();
    expect(s.stops).toHaveLength(1);
  });

  it('replaces only what is missing', async () => {
    const c = config();
    const d = await provideDevices(c, { probe: { printer: async () => true, scanner: async () => false }, start: started().start, isRoot: true });
    expect(d.overrides).toEqual({ saneConfigDir: ENV.saneConfigDir });
    expect(c.devices.printer.queue).toBe('Cabine');
    expect(d.printedPagesDir).toBeNull();
  });

  it('the smoke always uses its own; without root, says the cabin runs without them', async () => {
    const s = started();
    const forced = await provideDevices(config(), {
      forcePrivate: true,
      probe: { printer: async () => true, scanner: async () => true },
      start: s.start,
      isRoot: true,
    });
    expect(forced.line).toMatch(/^devices: the smoke run uses its own devices: using a private CUPS/);
    const c = config();
    const notRoot = await provideDevices(c, { probe: { printer: async () => false, scanner: async () => false }, start: s.start, isRoot: false });
    expect(notRoot.line).toBe(
      'devices: this machine has no printer queue "Cabine" and no scanner, and a private CUPS needs root: the cabin runs without them.',
    );
    expect(c.devices.printer.queue).toBe('Cabine');
  });
});

describe('parseSize', () => {
  it('reads WIDTHxHEIGHT within sane bounds', () => {
    expect(parseSize('1920x1080')).toEqual({ width: 1920, height: 1080 });
    expect(parseSize('1080x1920')).toEqual({ width: 1080, height: 1920 });
    expect(parseSize('10x10')).toBeNull();
    expect(parseSize('big')).toBeNull();
  });
});
