// The hold-back that keeps a keyboard-wedge reader's burst out of the démarche page: keys are
// offered as Electron's `before-input-event` gives them (key, code, modifiers), on a manual clock,
// and what the page gets back is recorded with its time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBadgeReader, createKeystrokeHoldBack, type BadgeReader } from '../../../../src/devices/badge';
import type { KeyDown, KeyTarget } from '../../../../src/shared/keys';
import type { Clock } from '../../../../src/devices/hid';
import { ManualClock, settle } from '../../../fixtures/hid/manual-clock';

const CARD = '0002008108';
const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../fixtures/hid/keystrokes-badge-vs-typing.json'), 'utf8')) as {
  reader: { code: string; shift: boolean; at: number }[];
};

let running: BadgeReader[] = [];
afterEach(async () => {
  await Promise.all(running.map((r) => r.stop()));
  running = [];
  vi.restoreAllMocks();
});

interface Stroke {
  at: number;
  key: KeyDown;
}

const NO_MODIFIERS = { shift: false, control: false, alt: false, meta: false };

/** A key as a QWERTY cabin produces it: 'a' → KeyA, '1' → Digit1, 'Enter' → Enter. */
function qwerty(key: string, modifiers: Partial<KeyDown> = {}): KeyDown {
  const named: Record<string, string> = { '-': 'Minus', ' ': 'Space', é: 'Digit2' };
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : /^[0-9]$/.test(key) ? `Digit${key}` : (named[key] ?? key);
  return { key, code, ...NO_MODIFIERS, shift: /^[A-Z]$/.test(key), ...modifiers };
}

/** Keys at the given times. */
const strokes = (keys: KeyDown[], times: number[]): Stroke[] => keys.map((key, i) => ({ key, at: times[i] as number }));

function setup(options: { layout?: 'qwerty' | 'azerty'; vendorId?: number; productId?: number } = {}) {
  const clock = new ManualClock();
  const reader = createBadgeReader({ minLength: 6, clock, ...options });
  running.push(reader);
  const badges: [number, string][] = [];
  reader.on('badge', (id) => badges.push([clock.now(), id]));
  const page: [number, string][] = [];
  const target: KeyTarget = {
    typeText: async (text) => void page.push([clock.now(), text]),
    pressKey: async (key) => void page.push([clock.now(), `<${key}>`]),
  };
  const holdBack = reader.holdKeystrokes();
  const play = async (list: Stroke[]) => {
    const held: boolean[] = [];
    for (const s of list) {
      await clock.advanceTo(s.at);
      held.push(holdBack.offer(s.key, target, s.at));
    }
    return held;
  };
  return { clock, reader, badges, page, target, holdBack, play };
}

describe('keystroke hold-back (démarche page, keystroke-mode reader)', () => {
  it('holds a recorded badge burst (10 digits 15–25 ms apart + Enter): badge emitted once, nothing reaches the page', async () => {
    const { clock, reader, badges, page, play } = setup();
    // The fixture's reader burst, with the jitter of a 10 ms USB polling interval.
    const times = [1000, 1018, 1041, 1056, 1080, 1097, 1122, 1140, 1155, 1179, 1200];
    const keys = fixture.reader.map((s) => qwerty(s.code === 'Enter' ? 'Enter' : s.code.replace('Digit', '')));
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    const held = await play(strokes(keys, times));
    await clock.advance(1_000);
    expect(held).toEqual(Array(11).fill(true));
    expect(badges).toEqual([[1200, CARD]]);
    expect(page).toEqual([]);
    expect(reader.diagnostics().badgesRead).toBe(1);
    expect(clock.pending()).toBe(0);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    // Nothing of the burst (not even its Enter) is left over to come out with later typing.
    expect(await play(strokes([qwerty('z')], [3000]))).toEqual([true]);
    await clock.advance(1_000);
    expect(page).toEqual([[3041, 'z']]);
  });

  it('gives back a person typing "ab12" (120 ms gaps) key by key after the gap, then Enter through pressKey', async () => {
    const { clock, badges, page, play } = setup();
    const held = await play(
      strokes(
        ['a', 'b', '1', '2', 'Enter'].map((k) => qwerty(k)),
        [0, 120, 240, 360, 480],
      ),
    );
    await clock.advance(1_000);
    // Enter comes when nothing is held: it is not a key to hold back.
    expect(held).toEqual([true, true, true, true, false]);
    expect(page).toEqual([
      [41, 'a'],
      [161, 'b'],
      [281, '1'],
      [401, '2'],
    ]);
    expect(badges).toEqual([]);
  });

  it('gives back Enter in order when it comes before the gap closed the run', async () => {
    const { clock, page, play } = setup();
    const held = await play(
      strokes(
        ['a', 'b', 'Enter'].map((k) => qwerty(k)),
        [0, 120, 150],
      ),
    );
    await clock.advance(1_000);
    expect(held).toEqual([true, true, true]);
    expect(page).toEqual([
      [41, 'a'],
      [150, 'b'],
      [150, '<Enter>'],
    ]);
  });

  it('types back a short fast run ("12" + Enter within 20 ms): too short for a badge', async () => {
    const { clock, badges, page, play } = setup();
    const held = await play(
      strokes(
        ['1', '2', 'Enter'].map((k) => qwerty(k)),
        [0, 10, 20],
      ),
    );
    await clock.advance(1_000);
    expect(held).toEqual([true, true, true]);
    expect(page).toEqual([
      [20, '1'],
      [20, '2'],
      [20, '<Enter>'],
    ]);
    expect(badges).toEqual([]);
  });

  it('takes auto-repeat of one key ("1111111" at 30 Hz, then Enter) for typing', async () => {
    const { clock, badges, page, play } = setup();
    const keys = [...'1111111', 'Enter'].map((k) => qwerty(k));
    const held = await play(
      strokes(
        keys,
        keys.map((_, i) => 500 + i * 33),
      ),
    );
    await clock.advance(1_000);
    expect(held).toEqual(Array(8).fill(true));
    expect(badges).toEqual([]);
    expect(page.map(([, t]) => t)).toEqual([...'1111111', '<Enter>']);
  });

  it('AZERTY: the id is read from the key position, the page gets the character the layout produced', async () => {
    const { clock, badges, page, play } = setup({ layout: 'azerty' });
    // A reader set for AZERTY: Shift (a keyDown of its own) then Shift+digit; the layout makes '0'.
    const burst: Stroke[] = [];
    for (const [i, d] of [...CARD].entries()) {
      burst.push({ at: 1000 + i * 20, key: { key: 'Shift', code: 'ShiftLeft', ...NO_MODIFIERS, shift: true } });
      burst.push({ at: 1000 + i * 20 + 5, key: { key: d, code: `Digit${d}`, ...NO_MODIFIERS, shift: true } });
    }
    burst.push({ at: 1220, key: qwerty('Enter') });
    const burstHeld = await play(burst);
    expect(burstHeld.filter((_, i) => i % 2 === 1 || i === burst.length - 1)).toEqual(Array(11).fill(true));
    expect(burstHeld.filter((_, i) => i % 2 === 0 && i < burst.length - 1)).toEqual(Array(10).fill(false)); // Shift passes
    expect(badges).toEqual([[1220, CARD]]);

    // A resident on the AZERTY cabin: Shift+Digit1 is '1', then Digit1 alone is '&' (the
    // detector sees '1' at that position), A sits at KeyQ.
    const typed: Stroke[] = [
      { at: 3000, key: { key: '1', code: 'Digit1', ...NO_MODIFIERS, shift: true } },
      { at: 3020, key: { key: '&', code: 'Digit1', ...NO_MODIFIERS } },
      { at: 3040, key: { key: 'a', code: 'KeyQ', ...NO_MODIFIERS } },
    ];
    expect(await play(typed)).toEqual([true, true, true]);
    await clock.advance(1_000);
    expect(page).toEqual([
      [3081, '1'],
      [3081, '&'],
      [3081, 'a'],
    ]);
  });

  it('a reader set for AZERTY on a QWERTY cabin: the whole id comes from the positions', async () => {
    const { clock, badges, page, play } = setup({ layout: 'azerty' });
    // The reader types "A1Z2345" for AZERTY (Shift + positions KeyQ, Digit1, KeyW…), which a
    // US QWERTY OS turns into "Q!W@#$%": only the positions carry the id.
    const shifted = (key: string, code: string): KeyDown => ({ key, code, ...NO_MODIFIERS, shift: true });
    const keys: KeyDown[] = [
      shifted('Q', 'KeyQ'),
      shifted('!', 'Digit1'),
      shifted('W', 'KeyW'),
      shifted('@', 'Digit2'),
      shifted('#', 'Digit3'),
      shifted('$', 'Digit4'),
      shifted('%', 'Digit5'),
      qwerty('Enter'),
    ];
    expect(
      await play(
        strokes(
          keys,
          keys.map((_, i) => 100 + i * 20),
        ),
      ),
    ).toEqual(Array(8).fill(true));
    await clock.advance(1_000);
    expect(badges.map(([, id]) => id)).toEqual(['A1Z2345']);
    expect(page).toEqual([]);
  });

  it('Ctrl+V while holding: the held run is released first (at once, as typed) and Ctrl+V passes', async () => {
    const { clock, badges, page, play } = setup();
    const held = await play(strokes([qwerty('a'), qwerty('b'), { ...qwerty('v'), control: true }], [0, 10, 20]));
    expect(held).toEqual([true, true, false]);
    await clock.advanceTo(20);
    expect(page).toEqual([
      [20, 'a'],
      [20, 'b'],
    ]);
    expect(clock.pending()).toBe(0); // no flush left for the released run
    // A new run starts clean after it.
    expect(await play(strokes([qwerty('c')], [30]))).toEqual([true]);
    await clock.advance(1_000);
    expect(page.map(([, t]) => t)).toEqual(['a', 'b', 'c']);
    expect(badges).toEqual([]);
  });

  it('a key that cannot be re-typed (Backspace, Shift+Tab, a lone Control) releases the run and passes; printable keys are held in order', async () => {
    const { clock, page, play } = setup();
    const list = strokes(
      [
        qwerty('x'),
        qwerty('-'),
        qwerty('Backspace'),
        qwerty('y'),
        qwerty('Tab', { shift: true }),
        qwerty('z'),
        qwerty('Control', { control: true }),
        qwerty('é'),
        qwerty('F5'),
      ],
      [0, 10, 20, 100, 110, 200, 210, 300, 400],
    );
    const held = await play(list);
    await clock.advance(1_000);
    // 'é' and F5 come with nothing held: they pass untouched.
    expect(held).toEqual([true, true, false, true, false, true, false, false, false]);
    expect(page).toEqual([
      [10, 'x'], // '-' is not an id character: the run is typing, given back at once
      [10, '-'],
      [110, 'y'],
      [210, 'z'],
    ]);
  });

  it('keeps order behind a slow give-back: keys arriving meanwhile are queued after it', async () => {
    const clock = new ManualClock();
    const holdBack = createKeystrokeHoldBack({ minLength: 6, clock, onBadge: () => undefined });
    const page: string[] = [];
    let finishFirst: () => void = () => undefined;
    const target: KeyTarget = {
      typeText: (text) => {
        page.push(text);
        return text === 'a' ? new Promise<void>((resolve) => (finishFirst = resolve)) : Promise.resolve();
      },
      pressKey: async (key) => void page.push(`<${key}>`),
    };
    expect(holdBack.offer(qwerty('a'), target, 0)).toBe(true);
    await clock.advanceTo(45); // 'a' given back at 41, still under way
    expect(page).toEqual(['a']);
    expect(holdBack.offer(qwerty(' '), target, 45)).toBe(true); // would not be held with nothing in flight
    expect(holdBack.offer(qwerty('Enter'), target, 46)).toBe(true);
    await clock.advanceTo(100);
    expect(page).toEqual(['a']);
    finishFirst();
    await clock.advanceTo(101);
    expect(page).toEqual(['a', ' ', '<Enter>']);
    expect(holdBack.offer(qwerty(' '), target, 200)).toBe(false);
  });

  it('a page that went away does not stop the next keys from being given back', async () => {
    const clock = new ManualClock();
    const holdBack = createKeystrokeHoldBack({ minLength: 6, clock, onBadge: () => undefined });
    const page: string[] = [];
    const gone: KeyTarget = { typeText: () => Promise.reject(new Error('destroyed')), pressKey: () => Promise.reject(new Error('destroyed')) };
    const live: KeyTarget = { typeText: async (t) => void page.push(t), pressKey: async (k) => void page.push(k) };
    holdBack.offer(qwerty('a'), gone, 0);
    holdBack.offer(qwerty('b'), live, 20);
    await clock.advance(1_000);
    expect(page).toEqual(['b']);
  });

  it('reads a badge swiped right after a person typed, and gives the person’s keys back', async () => {
    const { clock, badges, page, play } = setup();
    const person = strokes([qwerty('z'), qwerty('u')], [0, 150]);
    const keys = [...CARD, 'Enter'].map((k) => qwerty(k));
    const reader = strokes(
      keys,
      keys.map((_, i) => 400 + i * 20),
    );
    await play([...person, ...reader]);
    await clock.advance(1_000);
    expect(page).toEqual([
      [41, 'z'],
      [191, 'u'],
    ]);
    expect(badges).toEqual([[600, CARD]]);
  });

  it('HID-mode reader: the hold-back passes every key', async () => {
    const { clock, badges, page, play, reader } = setup({ vendorId: 0x08ff, productId: 0x0009 });
    expect(reader.mode()).toBe('hid');
    const keys = [...CARD, 'Enter'].map((k) => qwerty(k));
    const held = await play(
      strokes(
        keys,
        keys.map((_, i) => 1000 + i * 20),
      ),
    );
    await clock.advance(1_000);
    expect(held).toEqual(Array(11).fill(false));
    expect(badges).toEqual([]);
    expect(page).toEqual([]);
  });

  it('dispose drops nothing typed: a pending key and runs past their gap are given back, a burst in progress is dropped', async () => {
    const typing = setup();
    await typing.play(strokes([qwerty('a'), qwerty('b')], [0, 100]));
    await typing.clock.advanceTo(110);
    typing.holdBack.dispose();
    await typing.clock.advance(1_000);
    expect(typing.page).toEqual([
      [41, 'a'],
      [110, 'b'],
    ]);
    expect(typing.holdBack.offer(qwerty('c'), typing.target, 2_000)).toBe(false);
    expect(typing.clock.pending()).toBe(0);

    // A clock whose flush timer is late: the gap has passed, so that fast pair was typing.
    let now = 0;
    const late: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined };
    const lateHoldBack = createKeystrokeHoldBack({ minLength: 6, clock: late, onBadge: () => undefined });
    const latePage: string[] = [];
    const lateTarget: KeyTarget = { typeText: async (t) => void latePage.push(t), pressKey: async (k) => void latePage.push(k) };
    lateHoldBack.offer(qwerty('a'), lateTarget, 0);
    lateHoldBack.offer(qwerty('b'), lateTarget, 10);
    now = 500;
    lateHoldBack.dispose();
    await settle();
    expect(latePage).toEqual(['a', 'b']);

    const badge = setup();
    const keys = [...CARD.slice(0, 6)].map((k) => qwerty(k));
    await badge.play(
      strokes(
        keys,
        keys.map((_, i) => 1000 + i * 20),
      ),
    );
    badge.holdBack.dispose();
    await badge.clock.advance(1_000);
    expect(badge.page).toEqual([]);
    expect(badge.badges).toEqual([]);
  });

  it('reader.stop() ends the run held the same way, and the hold-back keeps holding afterwards', async () => {
    const { clock, reader, badges, page, holdBack, target, play } = setup();
    const keys = [...CARD.slice(0, 5)].map((k) => qwerty(k));
    await play(
      strokes(
        keys,
        keys.map((_, i) => 1000 + i * 20),
      ),
    );
    await reader.stop();
    await clock.advance(1_000);
    expect(page).toEqual([]);
    expect(holdBack.offer(qwerty('k'), target, clock.now())).toBe(true);
    await clock.advance(1_000);
    expect(page.map(([, t]) => t)).toEqual(['k']);
    expect(badges).toEqual([]);
  });
});
