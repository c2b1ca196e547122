// The badge reader's hold-back over a real Chromium page: keys offered as Electron's before-input-event
// offers them (main.ts → ElectronEngineOptions.keyFilter), given back through the shared page key target
// (CDP Input.insertText / dispatchKeyEvent). A badge's keys never reach the field; a person's do, in order.
// Chromium has no browser-side key hook, so the offering itself is Electron's (tests/electron/engine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession } from 'playwright-core';
import type { CdpParams, CdpSession } from '../../src/engine/cdp';
import type { ChromiumView } from '../../src/engine/chromium/engine';
import { pageKeyTarget } from '../../src/engine/keyboard';
import type { KeyDown } from '../../src/shared/keys';
import { createBadgeReader, type BadgeReader, type KeystrokeHoldBack } from '../../src/devices/badge';
import { FIXTURE_ALLOW } from '../fixtures/escape/server';
import { until, type SessionUnderTest } from './contract/harness';
import { createChromiumHarness, type ChromiumHarness } from './chromium-harness';

function cdpOf(session: CDPSession): CdpSession {
  const raw = session as unknown as {
    send(m: string, p?: CdpParams): Promise<unknown>;
    on(e: string, l: (p: CdpParams) => void): void;
    off(e: string, l: (p: CdpParams) => void): void;
  };
  return {
    send: <T>(method: string, params?: CdpParams) => raw.send(method, params) as Promise<T>,
    on(event, listener) {
      raw.on(event, listener);
      return () => raw.off(event, listener);
    },
  };
}

/** What before-input-event gives for a key of a QWERTY keyboard (the reader's default layout). */
function keyDown(key: string): KeyDown {
  const code = /^[0-9]$/.test(key) ? `Digit${key}` : /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key;
  return { key, code, shift: /^[A-Z]$/.test(key), control: false, alt: false, meta: false };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('badge hold-back on a real page', () => {
  let h: ChromiumHarness;
  let s: SessionUnderTest;
  let view: ChromiumView;
  let reader: BadgeReader;
  let holdBack: KeystrokeHoldBack;
  const badges: string[] = [];
  /** Keys the hold-back let through: in Electron they would reach the page natively. */
  const passed: string[] = [];

  beforeAll(async () => {
    h = await createChromiumHarness();
    s = await h.newSession();
    view = (await s.session.open({ id: 'badge', startUrl: h.fixtures.url('app.localhost', '/'), allow: FIXTURE_ALLOW, permissions: [] })) as ChromiumView;
    await view.page.click('#nom');
    reader = createBadgeReader({ minLength: 6 });
    reader.on('badge', (id) => badges.push(id));
    holdBack = reader.holdKeystrokes();
  });
  afterAll(async () => {
    holdBack?.dispose();
    await h?.dispose();
  });

  const offer = async (keys: string[], gapMs: number) => {
    const { target } = pageKeyTarget(cdpOf(await view.page.context().newCDPSession(view.page)));
    for (const key of keys) {
      if (!holdBack.offer(keyDown(key), target)) passed.push(key);
      await sleep(gapMs);
    }
  };

  it('a person typing reaches the field, in order, a little later', async () => {
    await offer([...'Jean'], 90);
    await until(async () => (await view.page.inputValue('#nom')) === 'Jean', 'the typed name reached the field');
    expect(passed).toEqual([]);
    expect(badges).toEqual([]);
  });

  it('a badge burst ending with Enter never reaches the field: the reader gets it', async () => {
    await offer([...'0412AB5678', 'Enter'], 15);
    await until(async () => badges.length === 1, 'the badge was read');
    await sleep(200);
    expect(badges).toEqual(['0412AB5678']);
    expect(await view.page.inputValue('#nom')).toBe('Jean');
    expect(passed).toEqual([]);
  });

  it('a short fast run is typing: given back in order', async () => {
    await offer(['1', '2'], 10);
    await offer(['3'], 80);
    await until(async () => (await view.page.inputValue('#nom')) === 'Jean123', 'the digits reached the field');
    expect(badges).toHaveLength(1);
  });
});
