// Over 400 lines: one scenario list of the machine against one fake clock, a describe per concern (timers, wipe, PIN pad, démarche flows).
// The session machine against a fake clock: each ending reason, each timer, the PIN lockout,
// the wipe's retry bound, and the out-of-service paths. Timers come from the config
// (defaults: inactivity 120 s + warning 60 s, vacancy 20 s, max 45 min, receipt 12 s).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCabin, RECEIPT } from './harness';
import { modelSettings } from './model';
import { defaultConfig } from '../../../../src/shared/config';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const s = (n: number) => n * 1000;

describe('a resident session, start to wipe', () => {
  it('goes attract → welcome → catalog → démarche → ending → wiping → goodbye (receipt) → attract', async () => {
    const c = startCabin();
    await c.settle();
    expect(c.cabin()).toBe('attract');
    await c.openDemarche();
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
    expect(c.context().sessionId).toBe('session-test');
    expect(c.context().demarcheId).toBe('caf');
    await c.send({ type: 'END_REQUEST' });
    expect(c.cabin()).toBe('goodbye');
    expect(c.context().receipt).toEqual(RECEIPT);
    expect(c.context().endingReason).toBe('resident');
    expect(c.context().sessionId).toBeNull();
    expect(c.calls).toEqual(expect.arrayContaining(['openDemarche', 'closeDemarche', 'endSession', 'wipe', 'recordSessionStart', 'recordSessionEnd']));
    expect(c.calls.indexOf('closeDemarche')).toBeLessThan(c.calls.indexOf('wipe'));
    await c.advance(s(12));
    expect(c.cabin()).toBe('attract');
  });

  it('ignores a démarche that is not in the catalog', async () => {
    const c = startCabin();
    await c.openDemarche('not-configured');
    expect(c.matches({ cabin: { session: { flow: 'catalog' } } })).toBe(true);
  });

  it('returns from welcome to attract when nobody goes on, with nothing to wipe', async () => {
    const c = startCabin();
    await c.send({ type: 'TOUCH' });
    expect(c.cabin()).toBe('welcome');
    await c.advance(s(59));
    expect(c.cabin()).toBe('welcome');
    await c.advance(s(1));
    expect(c.cabin()).toBe('attract');
    expect(c.calls).not.toContain('wipe');
  });

  it('keeps the chosen language during the session and resets it with the wipe', async () => {
    const c = startCabin();
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'SET_LOCALE', locale: 'ar' });
    await c.send({ type: 'ACCEPT' });
    expect(c.context().locale).toBe('ar');
    await c.send({ type: 'END_REQUEST' });
    expect(c.context().locale).toBe('fr');
  });
});

describe('inactivity', () => {
  it('warns after the inactivity delay, counts down, and ends the session with reason "inactivity"', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.advance(s(119));
    expect(c.matches({ cabin: { session: { idle: 'active' } } })).toBe(true);
    await c.advance(s(1));
    expect(c.matches({ cabin: { session: { idle: 'warning' } } })).toBe(true);
    expect(c.context().warningEndsAt).toBe(Date.now() + s(60));
    await c.advance(s(60));
    expect(c.cabin()).toBe('goodbye');
    expect(c.context().endingReason).toBe('inactivity');
  });

  it('"Je suis toujours là" cancels the warning and the timer starts over', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.advance(s(125));
    await c.send({ type: 'STILL_HERE' });
    expect(c.matches({ cabin: { session: { idle: 'active' } } })).toBe(true);
    expect(c.context().warningEndsAt).toBeNull();
    await c.advance(s(119));
    expect(c.cabin()).toBe('session');
  });

  it('any input restarts the inactivity timer', async () => {
    const c = startCabin();
    await c.openDemarche();
    for (let i = 0; i < 5; i++) {
      await c.advance(s(100));
      await c.send({ type: 'ACTIVITY' });
    }
    expect(c.matches({ cabin: { session: { idle: 'active' } } })).toBe(true);
  });

  it('uses the longer assisted timers once a referent unlocks', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.advance(s(100));
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.context().assisted).toBe(true);
    await c.advance(s(599));
    expect(c.matches({ cabin: { session: { idle: 'active' } } })).toBe(true);
    await c.advance(s(1));
    expect(c.matches({ cabin: { session: { idle: 'warning' } } })).toBe(true);
    await c.advance(s(60));
    expect(c.context().endingReason).toBe('inactivity');
  });
});

describe('occupancy', () => {
  it('ends the session when the cabin stays empty, after someone was seen', async () => {
    const c = startCabin();
    await c.send({ type: 'PRESENCE', occupied: true });
    expect(c.cabin()).toBe('welcome'); // presence wakes the cabin
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'PRESENCE', occupied: false });
    await c.advance(s(19));
    expect(c.cabin()).toBe('session');
    await c.advance(s(1));
    expect(c.cabin()).toBe('goodbye');
    expect(c.context().endingReason).toBe('cabin-empty');
  });

  it('does not end the session when the sensor flickers back to occupied in time', async () => {
    const c = startCabin();
    await c.send({ type: 'PRESENCE', occupied: true });
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'PRESENCE', occupied: false });
    await c.advance(s(15));
    await c.send({ type: 'PRESENCE', occupied: true });
    await c.advance(s(60));
    expect(c.cabin()).toBe('session');
  });

  it('never ends on "empty" when nobody was ever seen (a sensor that misses the resident)', async () => {
    const c = startCabin();
    await c.send({ type: 'PRESENCE', occupied: false });
    await c.openDemarche();
    await c.advance(s(60));
    expect(c.cabin()).toBe('session');
  });

  it('falls back to the inactivity timer when the sensor is gone', async () => {
    const c = startCabin();
    await c.send({ type: 'PRESENCE', occupied: true });
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'SENSOR_LOST' });
    expect(c.context().presence).toBe('unknown');
    expect(c.context().devices.occupancy).toBe('absent');
    await c.advance(s(180));
    expect(c.context().endingReason).toBe('inactivity');
  });

  it('a resident touching the screen holds off the vacancy timer', async () => {
    const c = startCabin();
    await c.send({ type: 'PRESENCE', occupied: true });
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'PRESENCE', occupied: false });
    for (let i = 0; i < 4; i++) {
      await c.advance(s(15));
      await c.send({ type: 'ACTIVITY' });
    }
    expect(c.cabin()).toBe('session');
  });
});

describe('other ending reasons', () => {
  it('ends at the maximum session length, whatever the activity', async () => {
    const c = startCabin();
    await c.openDemarche();
    for (let i = 0; i < 45; i++) {
      await c.advance(s(60) - 1);
      await c.send({ type: 'ACTIVITY' });
    }
    await c.advance(45);
    expect(c.context().endingReason).toBe('max-duration');
  });

  it('ends when the démarche view crashes', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'VIEW_CRASHED' });
    expect(c.context().endingReason).toBe('view-crashed');
    expect(c.cabin()).toBe('goodbye');
  });

  it('a technician taking over mid-session ends it, wipes, then opens maintenance', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    expect(c.context().endingReason).toBe('technician');
    expect(c.cabin()).toBe('maintenance');
    expect(c.calls.filter((x) => x === 'wipe')).toHaveLength(1);
    await c.send({ type: 'MAINTENANCE_EXIT' });
    expect(c.cabin()).toBe('attract');
    expect(c.calls.filter((x) => x === 'wipe')).toHaveLength(2);
  });

  it('ends with "start-failed" (and still wipes) when the session storage cannot be prepared', async () => {
    const c = startCabin();
    c.actor.stop();
    const { createActor, fromPromise } = await import('xstate');
    const { cabineMachine } = await import('../../../../src/shared/session');
    const calls: string[] = [];
    const actor = createActor(
      cabineMachine.provide({
        actors: {
          // The default boot sweep fails closed (out of service): this test is about the start.
          bootSweep: fromPromise<{ removedEntries: number; storageNotRam: boolean }>(async () => ({ removedEntries: 0, storageNotRam: false })),
          startSession: fromPromise<{ sessionId: string }>(async () => {
            throw new Error('RAM root full');
          }),
          wipe: fromPromise(async () => {
            calls.push('wipe');
            return RECEIPT;
          }),
        },
      }),
      { input: { settings: modelSettings() } },
    );
    actor.start();
    await c.settle();
    actor.send({ type: 'TOUCH' });
    actor.send({ type: 'ACCEPT' });
    await c.settle();
    expect(actor.getSnapshot().context.endingReason).toBe('start-failed');
    expect(calls).toEqual(['wipe']);
  });
});

describe('the wipe', () => {
  it('retries a failed wipe up to the configured bound, then succeeds', async () => {
    const c = startCabin({ failingWipes: 2 });
    await c.openDemarche();
    await c.send({ type: 'END_REQUEST' });
    expect(c.calls.filter((x) => x === 'wipe')).toHaveLength(3);
    expect(c.cabin()).toBe('goodbye');
  });

  it('goes out of service when every attempt fails, and only a technician leaves it (through a wipe)', async () => {
    const c = startCabin({ failingWipes: 3 });
    await c.openDemarche();
    await c.send({ type: 'END_REQUEST' });
    expect(c.cabin()).toBe('outOfService');
    expect(c.context().outOfService).toBe('wipe-failed');
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.cabin()).toBe('outOfService');
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    expect(c.cabin()).toBe('maintenance');
    await c.send({ type: 'MAINTENANCE_EXIT' });
    expect(c.cabin()).toBe('attract');
    expect(c.context().outOfService).toBeNull();
  });

  it('leaves nothing of the session in the context: after it, every field is as at boot but facts about the cabin', async () => {
    const c = startCabin();
    await c.settle();
    const booted = c.context();
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'SET_LOCALE', locale: 'ar' });
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
    await c.send({ type: 'CALL_REFERENT' });
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 1 });
    await c.advance(100);
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'DOWNLOAD_DONE', documentId: 'dl-1', isPdf: true });
    await c.send({ type: 'DOWNLOAD_REFUSED', reason: 'too-large' });
    await c.send({ type: 'AUTH_REFUSED', host: 'intranet.example.fr' });
    await c.send({ type: 'FILE_CHOOSER_OPENED', accept: ['application/pdf'], multiple: false });
    expect(c.context()).toMatchObject({ downloadRefused: 'too-large', authRefusedHost: 'intranet.example.fr', referentCall: 'acknowledged', locale: 'ar' });
    await c.send({ type: 'END_REQUEST' });
    expect(c.cabin()).toBe('goodbye');
    const after = c.context();
    // What may differ: counters and facts about the cabin, none of them about the resident.
    const cabinFacts = new Set(['sessionsSinceBoot', 'receipt', 'endingReason', 'afterWipe']);
    for (const key of Object.keys(booted) as (keyof typeof booted)[]) {
      if (!cabinFacts.has(key)) expect(after[key], key).toEqual(booted[key]);
    }
  });

  it('goes out of service after the wipe when an essential device went missing during the session', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'DEVICES_CHANGED', devices: { printer: 'absent' } });
    expect(c.cabin()).toBe('session'); // the resident is not thrown out
    await c.send({ type: 'END_REQUEST' });
    expect(c.cabin()).toBe('outOfService');
    expect(c.context().outOfService).toBe('device-missing');
  });
});

describe('out of service at boot', () => {
  it('invalid config: out of service, after sweeping what a previous run left', async () => {
    const c = startCabin({ settings: null });
    await c.settle();
    expect(c.cabin()).toBe('outOfService');
    expect(c.context().outOfService).toBe('invalid-config');
    expect(c.calls[0]).toBe('bootSweep');
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    expect(c.cabin()).toBe('outOfService'); // no config, no code to check against
  });

  it('RAM root on a disk: out of service', async () => {
    const c = startCabin({ bootSweep: { removedEntries: 0, storageNotRam: true } });
    await c.settle();
    expect(c.context().outOfService).toBe('storage-not-ram');
  });

  it('boot sweep failure: out of service', async () => {
    const c = startCabin({ bootSweep: new Error('cannot delete') });
    await c.settle();
    expect(c.context().outOfService).toBe('boot-failed');
  });

  it('an essential device missing: out of service; back in service through maintenance once it is there', async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'DEVICES_CHANGED', devices: { printer: 'absent' } });
    expect(c.context().outOfService).toBe('device-missing');
    await c.send({ type: 'DEVICES_CHANGED', devices: { printer: 'present' } });
    expect(c.cabin()).toBe('outOfService');
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    await c.send({ type: 'MAINTENANCE_EXIT' });
    expect(c.cabin()).toBe('attract');
  });
});

describe('referent PIN pad', () => {
  it('a right PIN from attract opens an assisted session', async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.cabin()).toBe('session');
    expect(c.context().assisted).toBe(true);
  });

  it('a badge of a referent unlocks too', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'BADGE_READ', badgeId: '0004829311' });
    expect(c.context().assisted).toBe(true);
  });

  it('locks the pad for 5 minutes after 5 wrong PINs, ignores PINs meanwhile, then unlocks', async () => {
    const c = startCabin();
    await c.openDemarche();
    for (let i = 1; i <= 4; i++) {
      await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '0000' });
      expect(c.context().unlock).toMatchObject({ failures: i, last: 'rejected' });
    }
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '0000' });
    expect(c.matches({ unlock: 'lockedOut' })).toBe(true);
    expect(c.context().unlock.lockedUntil).toBe(Date.now() + s(300));
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.context().assisted).toBe(false);
    await c.advance(s(300));
    expect(c.matches({ unlock: 'idle' })).toBe(true);
    expect(c.context().unlock.failures).toBe(0);
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.context().assisted).toBe(true);
  });

  it('the lockout outlives the session: a new resident cannot reset it', async () => {
    const c = startCabin();
    await c.openDemarche();
    for (let i = 0; i < 5; i++) await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '1' });
    await c.send({ type: 'END_REQUEST' });
    await c.send({ type: 'TOUCH' });
    expect(c.matches({ unlock: 'lockedOut' })).toBe(true);
  });

  it('respects a configured lockout (3 attempts, 1 minute)', async () => {
    const settings = modelSettings({ security: { ...defaultConfig.security, lockout: { maxAttempts: 3, minutes: 1 } } });
    const c = startCabin({ settings });
    await c.settle();
    for (let i = 0; i < 3; i++) await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '9' });
    expect(c.matches({ unlock: 'lockedOut' })).toBe(true);
    await c.advance(s(60));
    expect(c.matches({ unlock: 'idle' })).toBe(true);
  });
});

describe('a site asking for an HTTP login (refused by the engine)', () => {
  it('keeps its host for the banner during a démarche, whatever screen of it is shown; the next one replaces it', async () => {
    const c = startCabin();
    await c.openDemarche();
    expect(c.context().authRefusedHost).toBeNull();
    await c.send({ type: 'AUTH_REFUSED', host: 'intranet.example.fr' });
    expect(c.context().authRefusedHost).toBe('intranet.example.fr');
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true); // the page stays
    await c.send({ type: 'DOCUMENTS_OPEN' });
    await c.send({ type: 'AUTH_REFUSED', host: 'extranet.example.fr' });
    expect(c.context().authRefusedHost).toBe('extranet.example.fr');
    expect(c.matches({ cabin: { session: { flow: { demarche: 'documents' } } } })).toBe(true);
  });

  it('is ignored outside a démarche: attract, welcome, the catalog', async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'AUTH_REFUSED', host: 'intranet.example.fr' });
    expect(c.cabin()).toBe('attract');
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'AUTH_REFUSED', host: 'intranet.example.fr' });
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'AUTH_REFUSED', host: 'intranet.example.fr' });
    expect(c.matches({ cabin: { session: { flow: 'catalog' } } })).toBe(true);
    expect(c.context().authRefusedHost).toBeNull();
  });

  it('is forgotten when the resident leaves the démarche, and by the wipe', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'AUTH_REFUSED', host: 'intranet.example.fr' });
    await c.send({ type: 'HOME' });
    expect(c.matches({ cabin: { session: { flow: 'catalog' } } })).toBe(true);
    expect(c.context().authRefusedHost).toBeNull();
    await c.send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
    await c.send({ type: 'AUTH_REFUSED', host: 'intranet.example.fr' });
    await c.send({ type: 'END_REQUEST' });
    expect(c.cabin()).toBe('goodbye');
    expect(c.context().authRefusedHost).toBeNull();
    expect(JSON.stringify(c.context())).not.toContain('intranet.example.fr');
  });
});

describe('print, scan, file picker inside a démarche', () => {
  it('prints the page: preparing → confirming → sending → done, counts pages, returns to the page', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'PAGE_PRINT_REQUESTED' });
    expect(c.matches({ cabin: { session: { flow: { demarche: { printing: 'confirming' } } } } })).toBe(true);
    expect(c.context().print.pages).toBe(2);
    await c.send({ type: 'PRINT_CONFIRM', copies: 2 });
    await c.advance(100);
    expect(c.matches({ cabin: { session: { flow: { demarche: { printing: 'done' } } } } })).toBe(true);
    expect(c.context().counts).toMatchObject({ pagesPrinted: 4, printJobs: 1 });
    // "Vos feuilles sont prêtes" waits for the resident: still there a minute later, gone with « D'accord ».
    await c.advance(60_000);
    expect(c.matches({ cabin: { session: { flow: { demarche: { printing: 'done' } } } } })).toBe(true);
    await c.send({ type: 'ACCEPT' });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
  });

  it('refuses a print over the per-session page limit with a "page-limit" fault that cannot be retried', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 10 }); // 20 pages: fits 30
    await c.advance(100);
    await c.send({ type: 'ACCEPT' });
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 10 }); // 20 more: over 30
    expect(c.context().print.fault).toBe('page-limit');
    await c.send({ type: 'RETRY' });
    expect(c.matches({ cabin: { session: { flow: { demarche: { printing: 'fault' } } } } })).toBe(true);
    await c.send({ type: 'CANCEL' });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
  });

  it('a paper jam shows the fault; retry sends again', async () => {
    const c = startCabin({ printOutcome: { fault: 'paper-jam' } });
    await c.openDemarche();
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 1 });
    await c.advance(100);
    expect(c.context().print.fault).toBe('paper-jam');
    await c.send({ type: 'RETRY' });
    expect(c.matches({ cabin: { session: { flow: { demarche: { printing: 'sending' } } } } })).toBe(true);
  });

  it('scans two pages from the file picker and comes back to the picker', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'FILE_CHOOSER_OPENED', accept: ['application/pdf'], multiple: false });
    await c.send({ type: 'SCAN_REQUEST' });
    await c.send({ type: 'SCAN_LAYOUT', layout: 'document' });
    await c.send({ type: 'SCAN_PAGE' });
    await c.send({ type: 'SCAN_PAGE' });
    expect(c.context().scan.pages).toBe(2);
    await c.send({ type: 'SCAN_RETAKE' });
    expect(c.context().scan.pages).toBe(2);
    await c.send({ type: 'SCAN_FINISH' });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'pickingFile' } } } })).toBe(true);
    expect(c.context().counts).toMatchObject({ scans: 1, pagesScanned: 2 });
    expect(c.context().fileChooser).toEqual({ accept: ['application/pdf'], multiple: false });
    await c.send({ type: 'FILES_CHOSEN', documentIds: ['scan-1'] });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
    expect(c.context().fileChooser).toBeNull();
  });

  it('a scanner fault is shown, and retry goes back to "posez le document"', async () => {
    const c = startCabin({ scanFault: 'cover-open' });
    await c.openDemarche();
    await c.send({ type: 'SCAN_REQUEST' });
    await c.send({ type: 'SCAN_LAYOUT', layout: 'document' });
    await c.send({ type: 'SCAN_PAGE' });
    expect(c.context().scan.fault).toBe('cover-open');
    await c.send({ type: 'RETRY' });
    expect(c.matches({ cabin: { session: { flow: { demarche: { scanning: 'ready' } } } } })).toBe(true);
    await c.send({ type: 'CANCEL' });
    expect(c.calls).toContain('discardScan');
  });

  it('a PDF download opens our viewer; a blocked site shows its screen and BACK returns', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'DOWNLOAD_DONE', documentId: 'dl-1', isPdf: true });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'viewingDocument' } } } })).toBe(true);
    expect(c.context().viewingDocumentId).toBe('dl-1');
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'document', documentId: 'dl-1' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 1 });
    await c.advance(100);
    await c.send({ type: 'ACCEPT' });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'viewingDocument' } } } })).toBe(true);
    await c.send({ type: 'BACK' });
    await c.send({ type: 'BACK' });
    await c.send({ type: 'NAVIGATION_BLOCKED', host: 'evil.example' });
    expect(c.context().blockedHost).toBe('evil.example');
    await c.send({ type: 'BACK' });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
  });

  it('"Retour" on the démarche goes one step back in the page, and stays on the démarche screen', async () => {
    const c = startCabin();
    await c.openDemarche();
    expect(c.calls).not.toContain('backInDemarche');
    await c.send({ type: 'BACK' });
    expect(c.calls.filter((call) => call === 'backInDemarche')).toHaveLength(1);
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
    // Elsewhere "Retour" is the screen's own way back, never the page's.
    await c.send({ type: 'NAVIGATION_BLOCKED', host: 'evil.example' });
    await c.send({ type: 'BACK' });
    expect(c.calls.filter((call) => call === 'backInDemarche')).toHaveLength(1);
  });

  it('network down shows the offline screen; back online reloads the page', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'NETWORK_DOWN' });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'offline' } } } })).toBe(true);
    await c.send({ type: 'NETWORK_UP' });
    expect(c.calls).toContain('reloadDemarche');
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
  });

  it('maintenance runs a test print and a test scan and keeps their result', async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    await c.send({ type: 'MAINTENANCE_TEST_PRINT' });
    expect(c.context().maintenanceTest).toEqual({ kind: 'print', ok: true, fault: null });
    await c.send({ type: 'MAINTENANCE_TEST_SCAN' });
    expect(c.context().maintenanceTest).toEqual({ kind: 'scan', ok: false, fault: 'cover-open' });
    await c.advance(s(20 * 60));
    expect(c.cabin()).toBe('attract'); // idle maintenance closes itself, through a wipe
  });
});
