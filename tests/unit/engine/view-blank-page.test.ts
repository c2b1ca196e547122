// A démarche page that goes blank by itself is brought back, also when going back fails (the page was
// already moving): never left blank, and never an unhandled rejection (which would end the cabin's process).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CdpSession } from '../../../src/engine/cdp';
import { DemarcheHost, SharedDemarcheView, type EnginePage } from '../../../src/engine/view';
import type { DemarcheSpec } from '../../../src/engine/port';

const cdp: CdpSession = { send: async <T>() => ({}) as T, on: () => () => {} };

class FakePage implements EnginePage {
  readonly cdp = cdp;
  history: string[] = [];
  closed = false;
  constructor(private readonly goBackFails: boolean) {}
  url() {
    return this.history.at(-1) ?? '';
  }
  async load(url: string) {
    this.history.push(url);
  }
  async canGoBack() {
    return this.history.length > 1;
  }
  async goBack() {
    if (this.goBackFails) throw new Error('Navigation interrupted by another one');
    this.history.pop();
  }
  async forgetHistory() {
    this.history = this.history.slice(-1);
  }
  async reload() {}
  async printToPdf() {
    return new Uint8Array();
  }
  async setZoom() {}
  async close() {
    this.closed = true;
  }
  isClosed() {
    return this.closed;
  }
}

const demarche = { id: 'impots', startUrl: 'https://www.impots.gouv.fr/accueil', allow: ['www.impots.gouv.fr'], permissions: [] } as unknown as DemarcheSpec;
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('a démarche page gone blank', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  for (const goBackFails of [false, true]) {
    it(goBackFails ? 'when going back fails, loads the start page instead' : 'goes back to where it was', async () => {
      const host = new DemarcheHost<FakePage>({ filesDir: '/nonexistent' });
      const page = new FakePage(goBackFails);
      await host.open(demarche, page, (d, m, h) => new SharedDemarcheView(d, m, h));
      await page.load('https://www.impots.gouv.fr/formulaire');
      await page.load('about:blank');
      host.pageNavigated(page, 'about:blank');
      await settle();
      expect(page.url()).toBe(goBackFails ? demarche.startUrl : 'https://www.impots.gouv.fr/formulaire');
      expect(unhandled).toEqual([]);
    });
  }

  it('with the history guard off (the audit’s self-test), stays blank', async () => {
    const host = new DemarcheHost<FakePage>({ filesDir: '/nonexistent', disabled: new Set(['history']) });
    const page = new FakePage(false);
    await host.open(demarche, page, (d, m, h) => new SharedDemarcheView(d, m, h));
    await page.load('about:blank');
    host.pageNavigated(page, 'about:blank');
    await settle();
    expect(page.url()).toBe('about:blank');
  });
});
