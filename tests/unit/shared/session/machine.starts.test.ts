// A démarche with several start pages (issue 15, « Ma messagerie »): the machine opens it only on a start of its own,
// keeps which one (the runtime opens that page), and forgets it when the démarche closes; other démarches take none.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCabin } from './harness';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('OPEN_DEMARCHE with a start page', () => {
  const inCatalog = async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'ACCEPT' });
    expect(c.matches({ cabin: { session: { flow: 'catalog' } } })).toBe(true);
    return c;
  };

  it('opens « Ma messagerie » on the start chosen, and forgets it back in the catalog', async () => {
    const c = await inCatalog();
    await c.send({ type: 'OPEN_DEMARCHE', demarcheId: 'messagerie', startId: 'gmail' });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
    expect(c.context()).toMatchObject({ demarcheId: 'messagerie', demarcheStartId: 'gmail' });
    expect(c.calls).toContain('openDemarche');
    await c.send({ type: 'HOME' });
    expect(c.context()).toMatchObject({ demarcheId: null, demarcheStartId: null });
  });

  it.each([
    ['without a start', { demarcheId: 'messagerie' }],
    ['with a start it does not have', { demarcheId: 'messagerie', startId: 'aol' }],
    ['a démarche without starts, given one', { demarcheId: 'caf', startId: 'gmail' }],
  ])('refuses %s: the catalog stays', async (_, event) => {
    const c = await inCatalog();
    await c.send({ type: 'OPEN_DEMARCHE', ...event });
    expect(c.matches({ cabin: { session: { flow: 'catalog' } } })).toBe(true);
    expect(c.context().demarcheStartId).toBeNull();
    expect(c.calls).not.toContain('openDemarche');
  });

  it('opens a démarche without starts as before, with no start', async () => {
    const c = await inCatalog();
    await c.send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
    expect(c.context()).toMatchObject({ demarcheId: 'caf', demarcheStartId: null });
  });
});
