// Boot keyboard reports → keys, as badge readers and keyboard-class sensors send them.
import { describe, expect, it } from 'vitest';
import { createKeystrokeDecoder, decodeKeyboardReport, keyForKeyboardCode, keyForUsage } from '../../../../src/devices/hid';
import { createReplay, hexBytes, loadRecording, ReplayHidBus } from '../../../fixtures/hid/replay-bus';
import { ManualClock } from '../../../fixtures/hid/manual-clock';

describe('decodeKeyboardReport', () => {
  it('reads the modifiers and held keys of a boot report', () => {
    expect(decodeKeyboardReport(hexBytes('02 00 27 1e 00 00 00 00'))).toEqual({ modifiers: 0x02, shift: true, usages: [0x27, 0x1e], keys: ['0', '1'] });
    expect(decodeKeyboardReport(hexBytes('00 00 28 00 00 00 00 00'))?.keys).toEqual(['Enter']);
  });

  it('reads digits from their position whether the reader types for QWERTY or AZERTY', () => {
    const qwerty = decodeKeyboardReport(hexBytes('00 00 1f 00 00 00 00 00'));
    const azerty = decodeKeyboardReport(hexBytes('20 00 1f 00 00 00 00 00')); // right Shift held
    expect(qwerty?.keys).toEqual(['2']);
    expect(azerty?.keys).toEqual(['2']);
    expect(decodeKeyboardReport(hexBytes('00 00 5a 62 00 00 00 00'))?.keys).toEqual(['2', '0']); // keypad
  });

  it('reads letters for the layout the reader was set for', () => {
    const aPosition = hexBytes('02 00 04 14 1a 1d 00 00');
    expect(decodeKeyboardReport(aPosition)?.keys).toEqual(['A', 'Q', 'W', 'Z']);
    expect(decodeKeyboardReport(aPosition, { layout: 'azerty' })?.keys).toEqual(['Q', 'A', 'Z', 'W']);
  });

  it('skips a report id byte (9-byte reports) and refuses other shapes and the roll-over phantom', () => {
    expect(decodeKeyboardReport(hexBytes('01 00 00 21 00 00 00 00 00'))?.keys).toEqual(['4']);
    expect(decodeKeyboardReport(hexBytes('00 00 21'))).toBeNull();
    expect(decodeKeyboardReport(hexBytes('00 00 01 01 01 01 01 01'))).toBeNull();
  });

  it('names the function keys a presence sensor may hold (F13–F24)', () => {
    expect(keyForUsage(0x68, false)).toBe('F13');
    expect(keyForUsage(0x73, false)).toBe('F24');
    expect(keyForUsage(0x3a, false)).toBe('F1');
  });
});

describe('keyForKeyboardCode (the window path) agrees with the HID path', () => {
  it('gives the same key for every code as for its usage', () => {
    const pairs: [string, number][] = [
      ...[...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i): [string, number] => [`Key${c}`, 0x04 + i]),
      ...[...'1234567890'].map((d, i): [string, number] => [`Digit${d}`, 0x1e + i]),
      ...[...'1234567890'].map((d, i): [string, number] => [`Numpad${d}`, 0x59 + i]),
      ['Enter', 0x28],
      ['NumpadEnter', 0x58],
      ['Tab', 0x2b],
      ['F13', 0x68],
      ['F12', 0x45],
    ];
    for (const layout of ['qwerty', 'azerty'] as const) {
      for (const shift of [false, true]) {
        for (const [code, usage] of pairs) expect([code, keyForKeyboardCode(code, shift, layout)]).toEqual([code, keyForUsage(usage, shift, layout)]);
      }
    }
    expect(keyForKeyboardCode('ArrowLeft', false)).toBeUndefined();
  });
});

describe('createKeystrokeDecoder on the Sycreader recording', () => {
  it('turns press/release reports into the typed card number, once per key', async () => {
    const bus = new ReplayHidBus();
    const clock = new ManualClock();
    const replay = createReplay(loadRecording('sycreader-08ff-0009-badge'), bus, clock);
    const decoder = createKeystrokeDecoder();
    const typed = replay
      .reports()
      .slice(0, 22)
      .flatMap((r) => decoder.push(r));
    expect(typed.join('')).toBe('0002008108Enter');
    // The same key held over two reports is one keystroke.
    decoder.reset();
    expect([...decoder.push(hexBytes('00 00 1e 00 00 00 00 00')), ...decoder.push(hexBytes('00 00 1e 1f 00 00 00 00'))]).toEqual(['1', '2']);
  });
});
