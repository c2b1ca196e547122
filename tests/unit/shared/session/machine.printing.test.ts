// Printing that stops half-way, and what the session knows of its documents' printing (issue 15):
// - the page limit counts only the pages that came out (PRINT_PROGRESS), never those that did not;
// - a job left any way but PRINT_DONE marks the printer to check: after the verified wipe, the cabin waits in
//   printerCheck until an agent's (or a technician's) code, and no next session starts before;
// - a document is "printed" only when a job of that document completed; a page print does not count.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCabin } from './harness';
import { modelSettings } from './model';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const PRINTING_FAULT = { cabin: { session: { flow: { demarche: { printing: 'fault' } } } } };

/** A démarche open, a 2-page document printed in `copies` copies (the harness's preparePrint says 2 pages). */
async function printDocument(c: ReturnType<typeof startCabin>, copies = 2, documentId = 'doc-1') {
  await c.openDemarche();
  await c.send({ type: 'PRINT_REQUEST', target: { kind: 'document', documentId } });
  await c.send({ type: 'PRINT_CONFIRM', copies });
  await c.advance(100);
}

/** The resident ends; the wipe succeeds; the receipt is touched. */
async function endAndWipe(c: ReturnType<typeof startCabin>) {
  await c.send({ type: 'END_REQUEST' });
  await c.advance(10);
  expect(c.cabin()).toBe('goodbye');
  await c.send({ type: 'TOUCH' });
}

describe('paper out mid-job', () => {
  it('counts only the pages that came out, and gives the others back to the session', async () => {
    const c = startCabin({ printOutcome: { fault: 'out-of-paper', pagesOut: 2 } });
    await printDocument(c, 2); // 4 pages asked
    expect(c.matches(PRINTING_FAULT)).toBe(true);
    expect(c.context().print).toMatchObject({ fault: 'out-of-paper', pages: 2, copies: 2, pagesDone: 2 });
    expect(c.context().counts).toMatchObject({ pagesPrinted: 2, printJobs: 0 });
    // The document did not print: it stays "never printed".
    expect(c.context().printedDocuments).toEqual([]);
    expect(c.context().printerToCheck).toBe(true);
  });

  it('after the wipe, waits for an agent: the receipt, then « Imprimante à vérifier », never attract or welcome', async () => {
    const c = startCabin({ printOutcome: { fault: 'out-of-paper', pagesOut: 2 } });
    await printDocument(c);
    await endAndWipe(c);
    expect(c.cabin()).toBe('printerCheck');
    // The wipe did its work: nothing of the session is left; only the printer's flag outlives it.
    expect(c.context()).toMatchObject({ sessionId: null, printedDocuments: [], counts: { pagesPrinted: 0 }, printerToCheck: true });
    // Nobody starts a session here: no touch, no presence, no time opens the welcome screen.
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'PRESENCE', occupied: true });
    await c.send({ type: 'ACCEPT' });
    await c.advance(60 * 60_000);
    expect(c.cabin()).toBe('printerCheck');
    // A wrong code clears nothing.
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '0000' });
    await c.advance(10);
    expect(c.cabin()).toBe('printerCheck');
    // The agent's code: the printer was looked at; the next person may come.
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    await c.advance(10);
    expect(c.cabin()).toBe('attract');
    expect(c.context().printerToCheck).toBe(false);
    await c.send({ type: 'TOUCH' });
    expect(c.cabin()).toBe('welcome');
  });

  it('the receipt waits its time, then the printer check (not attract)', async () => {
    const c = startCabin({ printOutcome: { fault: 'paper-jam', pagesOut: 1 } });
    await printDocument(c);
    await c.send({ type: 'END_REQUEST' });
    await c.advance(10);
    expect(c.cabin()).toBe('goodbye');
    await c.advance(12_000);
    expect(c.cabin()).toBe('printerCheck');
  });

  it("a technician's code opens maintenance; leaving it clears the check, and the cabin is open again", async () => {
    const c = startCabin({ printOutcome: { fault: 'out-of-paper', pagesOut: 0 } });
    await printDocument(c);
    await endAndWipe(c);
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    await c.advance(10);
    expect(c.cabin()).toBe('maintenance');
    expect(c.context().printerToCheck).toBe(true); // the maintenance screen shows the printer's line
    await c.send({ type: 'MAINTENANCE_EXIT' });
    await c.advance(10);
    expect(c.cabin()).toBe('attract');
    expect(c.context().printerToCheck).toBe(false);
  });

  it('maintenance left by its idle timer, not by the technician: the check is still due', async () => {
    const c = startCabin({ printOutcome: { fault: 'out-of-paper' } });
    await printDocument(c);
    await endAndWipe(c);
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    await c.advance(10);
    await c.advance(20 * 60_000 + 10);
    expect(c.cabin()).toBe('printerCheck');
  });

  it('an agent who unlocks on the receipt is shown the printer check first', async () => {
    const c = startCabin({ printOutcome: { fault: 'out-of-paper', pagesOut: 1 } });
    await printDocument(c);
    await c.send({ type: 'END_REQUEST' });
    await c.advance(10);
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    await c.advance(10);
    expect(c.cabin()).toBe('printerCheck');
  });

  it("a job cancelled, or cut by the session's end, while printing also needs the check", async () => {
    for (const leave of [{ type: 'CANCEL' }, { type: 'END', reason: 'inactivity' }] as const) {
      const c = startCabin({ printOutcome: 'never' });
      await printDocument(c);
      await c.send(leave);
      expect(c.context().printerToCheck).toBe(true);
      if (leave.type === 'CANCEL') await c.send({ type: 'END_REQUEST' });
      await c.advance(10);
      await c.send({ type: 'TOUCH' });
      expect(c.cabin()).toBe('printerCheck');
    }
  });

  it('a job that never reached CUPS leaves nothing in the printer: no check', async () => {
    const c = startCabin({ printOutcome: { fault: 'offline', jobSubmitted: false } });
    await printDocument(c);
    expect(c.context().print.fault).toBe('offline');
    expect(c.context().printerToCheck).toBe(false);
    await endAndWipe(c);
    expect(c.cabin()).toBe('attract');
  });

  it('« Réessayer » only while the whole job again fits the limit; its pages count again as they come out', async () => {
    // Limit 30: 2 pages × 10 copies = 20, 6 came out before the fault; again 20 → 26 ≤ 30.
    const c = startCabin({ printOutcome: { fault: 'out-of-paper', pagesOut: 6 } });
    await printDocument(c, 10);
    expect(c.context().counts.pagesPrinted).toBe(6);
    await c.send({ type: 'RETRY' });
    expect(c.matches({ cabin: { session: { flow: { demarche: { printing: 'sending' } } } } })).toBe(true);
    expect(c.context().print).toMatchObject({ pagesDone: 0, fault: null });
    await c.advance(100); // 6 more out, then the fault again: 12 counted
    expect(c.context().counts.pagesPrinted).toBe(12);
    // 12 + 20 > 30: trying the whole job again would pass the limit; « Retour » and a new « Imprimer ? » instead.
    await c.send({ type: 'RETRY' });
    expect(c.matches(PRINTING_FAULT)).toBe(true);
    expect(c.context().counts.pagesPrinted).toBe(12);
  });
});

describe('documents printed', () => {
  it('a completed job of a document marks it printed (once); a page print marks nothing', async () => {
    const c = startCabin({ printOutcome: { pages: 2 } });
    await printDocument(c, 1, 'doc-1');
    expect(c.context().printedDocuments).toEqual(['doc-1']);
    expect(c.context().counts).toMatchObject({ pagesPrinted: 2, printJobs: 1 });
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 1 });
    await c.advance(100);
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'document', documentId: 'doc-1' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 1 });
    await c.advance(100);
    expect(c.context().printedDocuments).toEqual(['doc-1']);
    // Progress then done counts each page once.
    expect(c.context().counts).toMatchObject({ pagesPrinted: 6, printJobs: 3 });
    // A completed job leaves nothing to check.
    expect(c.context().printerToCheck).toBe(false);
    await endAndWipe(c);
    expect(c.cabin()).toBe('attract');
    expect(c.context().printedDocuments).toEqual([]);
  });

  it('the settings of the model allow both outcomes (not vacuous)', () => {
    expect(modelSettings().pageLimitPerSession).toBe(30);
  });
});

describe('a printer to check found at boot (the process died with sheets in the printer)', () => {
  it('boots into « Imprimante à vérifier », not attract; the agent code clears it', async () => {
    const c = startCabin({ bootSweep: { removedEntries: 1, storageNotRam: false, printerToCheck: true } });
    await c.advance(10);
    expect(c.cabin()).toBe('printerCheck');
    expect(c.context().printerToCheck).toBe(true);
    await c.send({ type: 'TOUCH' });
    expect(c.cabin()).toBe('printerCheck');
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    await c.advance(10);
    expect(c.cabin()).toBe('attract');
    expect(c.context().printerToCheck).toBe(false);
  });

  it('a technician goes to maintenance, whose « Quitter » clears it', async () => {
    const c = startCabin({ bootSweep: { removedEntries: 0, storageNotRam: false, printerToCheck: true } });
    await c.advance(10);
    expect(c.cabin()).toBe('printerCheck');
    await c.send({ type: 'UNLOCKED', role: 'technician' });
    expect(c.cabin()).toBe('maintenance');
    expect(c.context().printerToCheck).toBe(true);
  });

  it('an invalid config still wins: out of service first', async () => {
    const c = startCabin({ settings: null, bootSweep: { removedEntries: 0, storageNotRam: false, printerToCheck: true } });
    await c.advance(10);
    expect(c.cabin()).toBe('outOfService');
  });
});
