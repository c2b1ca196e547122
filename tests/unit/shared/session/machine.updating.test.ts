// The package manager's gate in the machine (issue 16): only the attract screen gives way to an update, nobody can
// start a session while it runs, and the cabin is back on attract when it is done.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCabin } from './harness';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('updating', () => {
  it('is entered from attract only, holds off a resident, and goes back to attract when done', async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'UPDATE_PENDING' });
    expect(c.matches({ cabin: 'updating' })).toBe(true);
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'PRESENCE', occupied: true });
    expect(c.matches({ cabin: 'updating' })).toBe(true);
    await c.send({ type: 'UPDATE_DONE' });
    expect(c.matches({ cabin: 'attract' })).toBe(true);
  });

  it('never interrupts a session: UPDATE_PENDING is ignored until the cabin is back on attract', async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'UPDATE_PENDING' });
    expect(c.matches({ cabin: 'welcome' })).toBe(true);
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'UPDATE_PENDING' });
    expect(c.matches({ cabin: { session: { flow: 'catalog' } } })).toBe(true);
  });

  it('lets a technician unlock the maintenance, and only a technician', async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'UPDATE_PENDING' });
    await c.send({ type: 'UNLOCKED', role: 'referent' });
    expect(c.matches({ cabin: 'updating' })).toBe(true);
    await c.send({ type: 'UNLOCKED', role: 'technician' });
    expect(c.matches({ cabin: 'maintenance' })).toBe(true);
  });
});
