// One-time code fields in a real Chromium (issue 15): focusing one tells the cabin it is a code field (the code
// keypad offers itself), other fields do not; the keypad's digits and « Effacer » go through the engine's typing
// path (Input.insertText, the Backspace key) and end up in the field — also a code split into one box per digit.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FIXTURE_ALLOW } from '../fixtures/escape/server';
import { createChromiumHarness, type ChromiumHarness } from './chromium-harness';
import { NoticeLog, until, type PageDriver, type SessionUnderTest } from './contract/harness';
import type { DemarcheView } from '../../src/engine/port';

describe('one-time code fields — Chromium adapter', () => {
  let h: ChromiumHarness;
  let s: SessionUnderTest;
  let view: DemarcheView;
  let log: NoticeLog;
  let page: PageDriver;

  beforeAll(async () => {
    h = await createChromiumHarness();
    s = await h.newSession();
    view = await s.session.open({ id: 'otp', startUrl: h.fixtures.url('app.localhost', '/otp.html'), allow: [...FIXTURE_ALLOW], permissions: [] });
    log = new NoticeLog(view);
    page = h.driver(view);
    await until(async () => (await page.evaluate<string>('document.readyState')) === 'complete', 'otp.html loaded');
  });

  afterAll(async () => {
    await h?.dispose();
  });

  /** Clicks the field and returns the notice its focus gave. */
  const focus = async (selector: string) => {
    const before = log.of('text-field-focused').length;
    await page.click(selector);
    await until(async () => log.of('text-field-focused').length > before, `focus of ${selector} told`);
    return log.of('text-field-focused').at(-1)!;
  };

  it('tells a one-time code field from a name and a postal code', async () => {
    assert.deepEqual(await focus('#nom'), { type: 'text-field-focused', oneTimeCode: false });
    assert.deepEqual(await focus('#cp'), { type: 'text-field-focused', oneTimeCode: false });
    assert.deepEqual(await focus('#otp'), { type: 'text-field-focused', oneTimeCode: true });
    assert.deepEqual(await focus('.box'), { type: 'text-field-focused', oneTimeCode: true });
    // Said by aria-labelledby alone (« Saisissez le » + « code reçu »).
    assert.deepEqual(await focus('#labelled'), { type: 'text-field-focused', oneTimeCode: true });
  });

  it('the keypad’s digits and « Effacer » end up in the code field', async () => {
    await focus('#otp');
    // What the keypad sends: one digit at a time, « Effacer » as Backspace.
    for (const d of '12349') await view.typeText(d);
    await view.pressKey('Backspace');
    for (const d of '56') await view.typeText(d);
    assert.equal(await page.inputValue('#otp'), '123456');
    // The page's maxlength holds: a seventh digit is not taken.
    await view.typeText('7');
    assert.equal(await page.inputValue('#otp'), '123456');
  });

  it('a code in one box per digit: the page moves the focus, each digit lands in its box', async () => {
    await focus('.box');
    for (const d of '4821') await view.typeText(d);
    assert.equal(await page.evaluate<string>('window.codeOfBoxes()'), '4821');
  });
});
