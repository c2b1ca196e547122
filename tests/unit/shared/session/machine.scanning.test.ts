// The scan flow, one question at a time (issue 15): what is scanned (a document, or an ID card's two sides),
// then « Cette page est-elle lisible ? », then for a document « Une autre page ? ». A card is its front,
// « Retournez la carte », its back, and done. And the file chooser's accept/multiple reach the setFiles actor.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCabin, type HarnessOptions } from './harness';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const scanStep = (c: ReturnType<typeof startCabin>): unknown => {
  const v = c.actor.getSnapshot().value as { cabin: { session: { flow: { demarche: { scanning?: unknown } | string } } } };
  const demarche = v.cabin.session.flow.demarche;
  return typeof demarche === 'string' ? demarche : (demarche.scanning ?? Object.keys(demarche)[0]);
};

async function scanning(options: HarnessOptions = {}) {
  const c = startCabin(options);
  await c.openDemarche();
  await c.send({ type: 'SCAN_REQUEST' });
  return c;
}

describe('a document, one question at a time', () => {
  it('starts with the choice; a page, « lisible ? » Oui, « Une autre page ? » Oui, a page, Oui, « Non, c’est fini »', async () => {
    const inputs: HarnessOptions['inputs'] = [];
    const c = await scanning({ inputs });
    expect(scanStep(c)).toBe('choosing');
    await c.send({ type: 'SCAN_PAGE' }); // nothing is scanned before the choice
    expect(scanStep(c)).toBe('choosing');
    await c.send({ type: 'SCAN_LAYOUT', layout: 'document' });
    expect(scanStep(c)).toBe('ready');
    expect(c.context().scan.layout).toBe('document');
    await c.send({ type: 'SCAN_PAGE' });
    expect(scanStep(c)).toEqual({ review: 'readable' });
    await c.send({ type: 'SCAN_PAGE_OK' });
    expect(scanStep(c)).toEqual({ review: 'another' });
    await c.send({ type: 'SCAN_PAGE' });
    expect(scanStep(c)).toEqual({ review: 'readable' }); // each new page is asked about again
    expect(c.context().scan.pages).toBe(2);
    await c.send({ type: 'SCAN_RETAKE' });
    expect(scanStep(c)).toEqual({ review: 'readable' });
    expect(c.context().scan.pages).toBe(2);
    await c.send({ type: 'SCAN_PAGE_OK' });
    await c.send({ type: 'SCAN_FINISH' });
    expect(scanStep(c)).toBe('browsing');
    expect(c.context().counts).toMatchObject({ scans: 1, pagesScanned: 2 });
    expect(inputs.filter((i) => i.actor === 'scanPage').map((i) => i.input)).toEqual([
      { retake: false, layout: 'document' },
      { retake: false, layout: 'document' },
      { retake: true, layout: 'document' },
    ]);
  });
});

describe('an ID card: front and back, one page', () => {
  it('front, « lisible ? » Oui → « Retournez la carte » (ready again), back, Oui → finished; the driver is told it is a card', async () => {
    const inputs: HarnessOptions['inputs'] = [];
    const c = await scanning({ inputs });
    await c.send({ type: 'SCAN_LAYOUT', layout: 'card' });
    expect(c.context().scan.layout).toBe('card');
    await c.send({ type: 'SCAN_PAGE' });
    expect(scanStep(c)).toEqual({ review: 'readable' });
    await c.send({ type: 'SCAN_FINISH' }); // a card with its front only is not finished
    expect(scanStep(c)).toEqual({ review: 'readable' });
    await c.send({ type: 'SCAN_PAGE_OK' });
    expect(scanStep(c)).toBe('ready'); // « Retournez la carte, puis touchez « Scanner » »
    expect(c.context().scan.pages).toBe(1);
    await c.send({ type: 'SCAN_PAGE' });
    expect(scanStep(c)).toEqual({ review: 'readable' });
    expect(c.context().scan.pages).toBe(2);
    await c.send({ type: 'SCAN_PAGE' }); // a card has two sides, no third
    expect(c.context().scan.pages).toBe(2);
    await c.send({ type: 'SCAN_PAGE_OK' });
    expect(scanStep(c)).toBe('browsing');
    expect(c.context().counts).toMatchObject({ scans: 1, pagesScanned: 2 });
    expect(inputs.map((i) => i.input)).toEqual([
      { retake: false, layout: 'card' },
      { retake: false, layout: 'card' },
    ]);
  });

  it('the next scan starts again with the choice, as a document', async () => {
    const c = await scanning();
    await c.send({ type: 'SCAN_LAYOUT', layout: 'card' });
    await c.send({ type: 'CANCEL' });
    expect(scanStep(c)).toBe('browsing');
    await c.send({ type: 'SCAN_REQUEST' });
    expect(scanStep(c)).toBe('choosing');
    expect(c.context().scan.layout).toBe('document');
  });
});

describe('the file chooser', () => {
  it('setFiles gets the input’s accept and multiple with the documents chosen', async () => {
    const inputs: HarnessOptions['inputs'] = [];
    const c = startCabin({ inputs });
    await c.openDemarche();
    await c.send({ type: 'FILE_CHOOSER_OPENED', accept: ['image/jpeg', 'image/png'], multiple: false });
    await c.send({ type: 'FILES_CHOSEN', documentIds: ['d1'] });
    expect(inputs).toEqual([{ actor: 'setFiles', input: { documentIds: ['d1'], accept: ['image/jpeg', 'image/png'], multiple: false } }]);
  });
});
