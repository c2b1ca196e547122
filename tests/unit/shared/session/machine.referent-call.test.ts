// A resident's call to a referent (issue 15, "help must be truthful"): the call is an invoked actor, and the
// machine says "acknowledged" only when the call route answered. No route, a failure or no answer in time is
// "unreachable"; the resident may cancel a call in progress; a call lives only while someone is at the screens.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCabin } from './harness';
import { modelSettings } from './model';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Every status the call goes through from now on. */
function statuses(c: ReturnType<typeof startCabin>) {
  const seen: string[] = [];
  c.actor.subscribe((s) => {
    if (seen.at(-1) !== s.context.referentCall) seen.push(s.context.referentCall);
  });
  return seen;
}

describe('a call to a referent', () => {
  it('acknowledged: calling, then "acknowledged" once the call route answered', async () => {
    const c = startCabin({ referentCall: 'acknowledge' });
    await c.openDemarche();
    const seen = statuses(c);
    c.actor.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('calling');
    await c.settle();
    expect(c.context().referentCall).toBe('acknowledged');
    expect(seen).toEqual(['calling', 'acknowledged']);
    expect(c.calls.filter((x) => x === 'callReferent')).toHaveLength(1);
    // The resident's page is untouched.
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
  });

  it('unreachable when the call route fails; the resident closes it and may call again', async () => {
    const c = startCabin({ referentCall: 'fail' });
    await c.openDemarche();
    const seen = statuses(c);
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('unreachable');
    await c.send({ type: 'CLOSE_REFERENT_CALL' });
    expect(c.context().referentCall).toBe('idle');
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('unreachable');
    expect(seen).toEqual(['calling', 'unreachable', 'idle', 'calling', 'unreachable']);
    expect(seen).not.toContain('acknowledged');
  });

  it("unreachable when the call route does not answer in time (the machine's own limit), and the call is stopped", async () => {
    const c = startCabin({ referentCall: 'never' });
    await c.openDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.advance(9_999);
    expect(c.context().referentCall).toBe('calling');
    await c.advance(1);
    expect(c.context().referentCall).toBe('unreachable');
    expect(c.calls).toContain('callReferent aborted');
  });

  it('waits as long as the config says (referentCall.timeoutSeconds)', async () => {
    const c = startCabin({ referentCall: 'never', settings: modelSettings({ referentCall: { timeoutSeconds: 3 } }) });
    await c.openDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.advance(2_999);
    expect(c.context().referentCall).toBe('calling');
    await c.advance(1);
    expect(c.context().referentCall).toBe('unreachable');
  });

  it('cancel: the resident stops waiting; nothing was acknowledged, the call is stopped, and the screen says so until closed', async () => {
    const c = startCabin({ referentCall: 'never' });
    await c.openDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.send({ type: 'CANCEL_REFERENT_CALL' });
    expect(c.context().referentCall).toBe('cancelled');
    expect(c.calls).toContain('callReferent aborted');
    // The machine's limit no longer runs: nothing turns the cancelled call into anything else.
    await c.advance(60_000);
    expect(c.context().referentCall).toBe('cancelled');
    await c.send({ type: 'CLOSE_REFERENT_CALL' });
    expect(c.context().referentCall).toBe('idle');
  });

  it('cancel after the acknowledgment changes nothing: the referent was told and is coming', async () => {
    const c = startCabin();
    await c.openDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('acknowledged');
    await c.send({ type: 'CANCEL_REFERENT_CALL' });
    expect(c.context().referentCall).toBe('acknowledged');
  });

  it('a call in progress is not doubled by a second press', async () => {
    const c = startCabin({ referentCall: 'never' });
    await c.openDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.calls.filter((x) => x === 'callReferent')).toHaveLength(1);
  });

  it('a call made on the welcome screen goes on into the session', async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'TOUCH' });
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('acknowledged');
    await c.send({ type: 'ACCEPT' });
    expect(c.cabin()).toBe('session');
    expect(c.context().referentCall).toBe('acknowledged');
  });

  it('ends with the visit: leaving the welcome screen stops a call in progress; the end of a session forgets an acknowledged one', async () => {
    const waiting = startCabin({ referentCall: 'never' });
    await waiting.settle();
    await waiting.send({ type: 'TOUCH' });
    await waiting.send({ type: 'CALL_REFERENT' });
    await waiting.send({ type: 'CANCEL' });
    expect(waiting.cabin()).toBe('attract');
    expect(waiting.context().referentCall).toBe('idle');
    expect(waiting.calls).toContain('callReferent aborted');

    const told = startCabin();
    await told.openDemarche();
    await told.send({ type: 'CALL_REFERENT' });
    await told.send({ type: 'END_REQUEST' });
    expect(told.cabin()).toBe('goodbye');
    expect(told.context().referentCall).toBe('idle');
  });

  it('nobody can be called from attract, the goodbye screen, maintenance or out of service', async () => {
    const c = startCabin();
    await c.settle();
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('idle');
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'technician', secret: '13579' });
    expect(c.cabin()).toBe('maintenance');
    await c.send({ type: 'CALL_REFERENT' });
    expect(c.context().referentCall).toBe('idle');
    expect(c.calls).not.toContain('callReferent');
  });

  it('a referent unlocking answers the call: the session goes on, assisted', async () => {
    const c = startCabin({ referentCall: 'never' });
    await c.openDemarche();
    await c.send({ type: 'CALL_REFERENT' });
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' });
    expect(c.context()).toMatchObject({ assisted: true, referentCall: 'idle' });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
  });
});
