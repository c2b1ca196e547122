// The machine's own actors (setup.ts), the ones that run when nothing is provided, fail closed:
// none reports a success it has not achieved. A machine nobody wired up boots out of service;
// one whose wipe was not wired up never shows a resident screen after a session.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { cabineMachine, type CabineEvent } from '../../../../src/shared/session';
import { startCabin, type ActorName } from './harness';
import { cabinState, modelSettings } from './model';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const settings = modelSettings();
/** Screens a resident sees as fresh: after a session, only a verified wipe may lead there. */
const RESIDENT_SCREENS = ['attract', 'welcome', 'goodbye'];

/** Every cabin state the actor goes through from now on. */
function visits(c: ReturnType<typeof startCabin>) {
  const seen: string[] = [];
  c.actor.subscribe((s) => seen.push(cabinState(s)));
  return seen;
}

describe('default actors fail closed', () => {
  it('every actor of the machine has a default here, and none resolves to a success', async () => {
    const outcomes: Record<ActorName, 'rejects' | 'not accepted' | 'sends PRINT_FAILED' | 'sends VISIO_FAILED'> = {
      bootSweep: 'rejects',
      startSession: 'rejects',
      endSession: 'rejects',
      wipe: 'rejects',
      verifySecret: 'not accepted',
      preparePrint: 'rejects',
      printJob: 'sends PRINT_FAILED',
      scanPage: 'rejects',
      finishScan: 'rejects',
      setFiles: 'rejects',
      testPrint: 'rejects',
      testScan: 'rejects',
      callReferent: 'rejects',
      openSiteForSession: 'rejects',
      visioCall: 'sends VISIO_FAILED',
    };
    const defaults = cabineMachine.implementations.actors as Record<string, Parameters<typeof createActor>[0]>;
    // A new actor gets a fail-closed default and a line here.
    expect(Object.keys(defaults).sort()).toEqual(Object.keys(outcomes).sort());
    const inputs: Partial<Record<ActorName, unknown>> = {
      endSession: { reason: 'resident' },
      wipe: { sessionId: 's-1', attempt: 1 },
      verifySecret: { role: 'technician', kind: 'code', secret: '13579' },
      preparePrint: { target: { kind: 'page' } },
      printJob: { target: { kind: 'page' }, copies: 1 },
      scanPage: { retake: false, layout: 'document' },
      setFiles: { documentIds: ['d1'], accept: [], multiple: false },
      openSiteForSession: { host: 'www.legifrance.gouv.fr' },
    };
    for (const [name, outcome] of Object.entries(outcomes) as [ActorName, (typeof outcomes)[ActorName]][]) {
      // Callback actors answer their parent: printJob below, visioCall in machine.visio-call.test.ts.
      if (outcome === 'sends PRINT_FAILED' || outcome === 'sends VISIO_FAILED') continue;
      const promise = toPromise(createActor(defaults[name]!, { input: inputs[name] }).start());
      if (outcome === 'rejects') await expect(promise, name).rejects.toThrow();
      else await expect(promise, name).resolves.toEqual({ accepted: false, role: 'technician' });
    }
  });

  it('with nothing provided, the cabin boots out of service and nobody takes it anywhere', async () => {
    const actor = createActor(cabineMachine, { input: { settings } });
    actor.start();
    const send = async (event: CabineEvent) => {
      actor.send(event);
      await vi.advanceTimersByTimeAsync(0);
    };
    await vi.advanceTimersByTimeAsync(0);
    expect(cabinState(actor.getSnapshot())).toBe('outOfService');
    expect(actor.getSnapshot().context.outOfService).toBe('boot-failed');
    await send({ type: 'TOUCH' });
    await send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    await send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(cabinState(actor.getSnapshot())).toBe('outOfService');
    expect(actor.getSnapshot().context.unlock.last).toBe('rejected');
    actor.stop();
  });

  it('bootSweep: an unswept boot is out of service ("boot-failed"), never attract', async () => {
    const c = startCabin({ defaults: ['bootSweep'] });
    await c.settle();
    expect(c.cabin()).toBe('outOfService');
    expect(c.context().outOfService).toBe('boot-failed');
    await c.send({ type: 'TOUCH' });
    expect(c.cabin()).toBe('outOfService');
  });

  it('wipe (and endSession): a session ends out of service ("wipe-failed"), never on a resident screen', async () => {
    const c = startCabin({ defaults: ['endSession', 'wipe'] });
    await c.openDemarche();
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
    const seen = visits(c);
    await c.send({ type: 'END_REQUEST' });
    await c.advance(60_000);
    expect(c.cabin()).toBe('outOfService');
    expect(c.context().outOfService).toBe('wipe-failed');
    expect(c.context().wipeAttempts).toBe(settings.wipeMaxAttempts);
    expect(c.context().receipt).toBeNull();
    expect(c.context().sessionId).toBe('session-test'); // nothing claims the session is gone
    expect(seen.filter((s) => RESIDENT_SCREENS.includes(s))).toEqual([]);
    await c.send({ type: 'TOUCH' });
    expect(c.cabin()).toBe('outOfService');
  });

  it('wipe: a technician taking over, or leaving maintenance, meets the same failed wipe: out of service', async () => {
    const c = startCabin({ defaults: ['wipe'] });
    await c.openDemarche();
    const seen = visits(c);
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    expect(c.context().endingReason).toBe('technician');
    expect(c.cabin()).toBe('outOfService'); // not maintenance: the wipe did not succeed
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    expect(c.cabin()).toBe('maintenance');
    await c.send({ type: 'MAINTENANCE_EXIT' });
    expect(c.cabin()).toBe('outOfService');
    expect(c.context().outOfService).toBe('wipe-failed');
    expect(seen.filter((s) => RESIDENT_SCREENS.includes(s))).toEqual([]);
  });

  it('endSession alone: the wipe still runs after it (and a verified one leads to the receipt)', async () => {
    const c = startCabin({ defaults: ['endSession'] });
    await c.openDemarche();
    await c.send({ type: 'END_REQUEST' });
    expect(c.calls).toContain('wipe');
    expect(c.cabin()).toBe('goodbye');
  });

  it('startSession: no session without its storage ("start-failed"), and what was begun is wiped', async () => {
    const c = startCabin({ defaults: ['startSession'] });
    await c.settle();
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'ACCEPT' });
    expect(c.context().endingReason).toBe('start-failed');
    expect(c.context().sessionId).toBeNull();
    expect(c.calls).not.toContain('openDemarche');
    expect(c.calls).toContain('wipe');
  });

  it('verifySecret: no PIN, code or badge is accepted, and the pad locks after the configured failures', async () => {
    const c = startCabin({ defaults: ['verifySecret'] });
    await c.settle();
    await c.send({ type: 'BADGE_READ', badgeId: '0004829311' });
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    expect(c.cabin()).toBe('attract');
    for (let i = 2; i < settings.lockout.maxAttempts; i++) await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.matches({ unlock: 'lockedOut' })).toBe(true);
    expect(c.context().assisted).toBe(false);
    expect(c.cabin()).toBe('attract');
  });

  it('a verifier that fails counts as a refusal: the pad locks after the configured attempts', async () => {
    const c = startCabin({ verifierThrows: true });
    await c.settle();
    for (let i = 1; i < settings.lockout.maxAttempts; i++) await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.matches({ unlock: 'lockedOut' })).toBe(false);
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.matches({ unlock: 'lockedOut' })).toBe(true);
    expect(c.context().assisted).toBe(false);
  });

  it('preparePrint: the print flow shows "no-printer", nothing is counted', async () => {
    const c = startCabin({ defaults: ['preparePrint'] });
    await c.openDemarche();
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
    expect(c.matches({ cabin: { session: { flow: { demarche: { printing: 'fault' } } } } })).toBe(true);
    expect(c.context().print.fault).toBe('no-printer');
    expect(c.context().counts.pagesPrinted).toBe(0);
  });

  it('printJob: the job fails with "no-printer", no page or job is counted', async () => {
    const c = startCabin({ defaults: ['printJob'] });
    await c.openDemarche();
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 1 });
    expect(c.matches({ cabin: { session: { flow: { demarche: { printing: 'fault' } } } } })).toBe(true);
    expect(c.context().print.fault).toBe('no-printer');
    expect(c.context().counts).toMatchObject({ pagesPrinted: 0, printJobs: 0 });
  });

  it('scanPage: the scan flow shows "no-scanner", no page', async () => {
    const c = startCabin({ defaults: ['scanPage'] });
    await c.openDemarche();
    await c.send({ type: 'SCAN_REQUEST' });
    await c.send({ type: 'SCAN_LAYOUT', layout: 'document' });
    await c.send({ type: 'SCAN_PAGE' });
    expect(c.matches({ cabin: { session: { flow: { demarche: { scanning: 'fault' } } } } })).toBe(true);
    expect(c.context().scan).toMatchObject({ pages: 0, fault: 'no-scanner' });
  });

  it('finishScan: no document is made ("no-scanner"), no scan is counted', async () => {
    const c = startCabin({ defaults: ['finishScan'] });
    await c.openDemarche();
    await c.send({ type: 'SCAN_REQUEST' });
    await c.send({ type: 'SCAN_LAYOUT', layout: 'document' });
    await c.send({ type: 'SCAN_PAGE' });
    await c.send({ type: 'SCAN_FINISH' });
    expect(c.matches({ cabin: { session: { flow: { demarche: { scanning: 'fault' } } } } })).toBe(true);
    expect(c.context().scan.fault).toBe('no-scanner');
    expect(c.context().counts).toMatchObject({ scans: 0, pagesScanned: 0 });
  });

  it('setFiles: the page gets no file, its chooser is cancelled', async () => {
    const c = startCabin({ defaults: ['setFiles'] });
    await c.openDemarche();
    await c.send({ type: 'FILE_CHOOSER_OPENED', accept: ['application/pdf'], multiple: false });
    await c.send({ type: 'FILES_CHOSEN', documentIds: ['d1'] });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
    expect(c.calls).toContain('cancelFileChooser');
    expect(c.context().fileChooser).toBeNull();
  });

  it('testPrint and testScan: the technician sees failed tests ("no-printer", "no-scanner"), not passed ones', async () => {
    const c = startCabin({ defaults: ['testPrint', 'testScan'] });
    await c.settle();
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    expect(c.cabin()).toBe('maintenance');
    await c.send({ type: 'MAINTENANCE_TEST_PRINT' });
    expect(c.context().maintenanceTest).toEqual({ kind: 'print', ok: false, fault: 'no-printer' });
    await c.send({ type: 'MAINTENANCE_TEST_SCAN' });
    expect(c.context().maintenanceTest).toEqual({ kind: 'scan', ok: false, fault: 'no-scanner' });
  });

  it('callReferent: with no call route wired up nobody is told, so the screen says "unreachable", never "prévenu"', async () => {
    const c = startCabin({ defaults: ['callReferent'] });
    await c.openDemarche();
    const seen: string[] = [];
    c.actor.subscribe((s) => seen.push(s.context.referentCall));
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('unreachable');
    expect(seen).not.toContain('acknowledged');
  });
});
