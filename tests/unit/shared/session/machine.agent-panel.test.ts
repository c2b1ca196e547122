// The agent's panel in an assisted session (issue 15), against a fake clock: only an assisted session has one; it
// asks for the agent's code again after assisted.panelCodeAfterMinutes; « Plus de pages », « Plus de temps » and
// « Ouvrir ce site » are bounded and counted; « Fin de l'aide » makes the session a resident's again; the wipe
// forgets all of it. Inactivity is set long here, so that only what is tested ends a session.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CabineEvent } from '../../../../src/shared/session';
import { startCabin } from './harness';
import { modelSettings } from './model';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const min = (n: number) => n * 60_000;
const PIN = { type: 'UNLOCK_SUBMIT', role: 'referent', secret: '2468' } as const;

const AGENT_EVENTS: CabineEvent[] = [
  { type: 'AGENT_PANEL_OPEN' },
  { type: 'AGENT_EXTRA_PAGES' },
  { type: 'AGENT_MORE_TIME' },
  { type: 'AGENT_OPEN_SITE' },
  { type: 'AGENT_END_ASSISTANCE' },
  { type: 'AGENT_VERIFIED' },
];

function cabin() {
  return startCabin({
    settings: modelSettings({
      timers: { inactivitySeconds: 3600, assisted: { inactivitySeconds: 7200 } },
      assisted: { extraPages: 20, maxExtraPages: 30, extraMinutes: 15, maxExtraMinutes: 20, panelCodeAfterMinutes: 5 },
    }),
  });
}

/** The panel's state: 'none', 'closed.present', 'closed.away', 'askingCode' or 'open'. */
const panel = (c: ReturnType<typeof startCabin>) => {
  const session = (c.actor.getSnapshot().value as { cabin: { session?: { agent: string | Record<string, string> } } }).cabin.session;
  const v = session?.agent ?? null;
  return v === null || typeof v === 'string' ? v : Object.entries(v).map(([k, sub]) => `${k}.${sub}`)[0];
};

/** An assisted session from the attract screen (the agent's code), in a démarche. */
async function assisted(c: ReturnType<typeof startCabin>) {
  await c.send(PIN);
  expect(c.cabin()).toBe('session');
  await c.send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
  expect(c.context().assisted).toBe(true);
}

describe("the agent's panel", () => {
  it('does not exist in a resident session: every panel event is refused, nothing changes', async () => {
    const c = cabin();
    await c.openDemarche();
    await c.send({ type: 'NAVIGATION_BLOCKED', host: 'www.legifrance.gouv.fr' });
    const before = c.context();
    for (const event of AGENT_EVENTS) await c.send(event);
    expect(panel(c)).toBe('none');
    expect(c.matches({ cabin: { session: { flow: { demarche: 'blocked' } } } })).toBe(true);
    expect(c.context().agent).toEqual(before.agent);
    expect(c.context().sessionEndsAt).toBe(before.sessionEndsAt);
    expect(c.context().assisted).toBe(false);
    expect(c.calls.filter((x) => x.startsWith('recordAgentAction') || x.startsWith('openSiteForSession'))).toEqual([]);
  });

  it('opens at once after the agent’s code, and asks for the code again after 5 minutes away', async () => {
    const c = cabin();
    await assisted(c);
    expect(panel(c)).toBe('closed.present');
    await c.send({ type: 'AGENT_PANEL_OPEN' });
    expect(panel(c)).toBe('open');
    await c.advance(min(4));
    await c.send({ type: 'AGENT_EXTRA_PAGES' }); // the agent acts: the panel's timer starts over
    await c.advance(min(4));
    expect(panel(c)).toBe('open');
    // Left open and untouched: it closes by itself, and the agent is taken as gone.
    await c.advance(min(1));
    expect(panel(c)).toBe('closed.away');
    await c.send({ type: 'AGENT_PANEL_OPEN' });
    expect(panel(c)).toBe('askingCode');
    // A wrong code opens nothing.
    await c.send({ type: 'UNLOCK_SUBMIT', role: 'referent', secret: '0000' });
    expect(panel(c)).toBe('askingCode');
    const endsAt = c.context().sessionEndsAt;
    await c.send(PIN);
    expect(panel(c)).toBe('open');
    // The agent coming back is not a new takeover: the session's clock goes on.
    expect(c.context().sessionEndsAt).toBe(endsAt);
    await c.send({ type: 'AGENT_PANEL_CLOSE' });
    expect(panel(c)).toBe('closed.present');
    await c.advance(min(4));
    await c.send({ type: 'AGENT_PANEL_OPEN' });
    expect(panel(c)).toBe('open');
    await c.send({ type: 'AGENT_PANEL_CLOSE' });
    await c.advance(min(5));
    expect(panel(c)).toBe('closed.away');
    // Cancelling the code: still away.
    await c.send({ type: 'AGENT_PANEL_OPEN' });
    await c.send({ type: 'AGENT_PANEL_CLOSE' });
    expect(panel(c)).toBe('closed.away');
  });

  it('« Plus de pages » raises the print limit by steps, never past the total; the print guard uses it', async () => {
    const c = cabin();
    await assisted(c);
    await c.send({ type: 'AGENT_EXTRA_PAGES' }); // panel closed: refused
    expect(c.context().agent.extraPages).toBe(0);
    await c.send({ type: 'AGENT_PANEL_OPEN' });
    await c.send({ type: 'AGENT_EXTRA_PAGES' });
    expect(c.context().agent.extraPages).toBe(20);
    await c.send({ type: 'AGENT_EXTRA_PAGES' });
    expect(c.context().agent.extraPages).toBe(30);
    await c.send({ type: 'AGENT_EXTRA_PAGES' });
    expect(c.context().agent.extraPages).toBe(30);
    expect(c.calls.filter((x) => x === 'recordAgentAction extra_pages')).toHaveLength(2);
    // 30 pages of the printer's limit + 30: 2 pages × 30 copies = 60 may print, 2 × 31 may not.
    await c.send({ type: 'AGENT_PANEL_CLOSE' });
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 31 });
    expect(c.context().print.fault).toBe('page-limit');
    await c.send({ type: 'CANCEL' });
    await c.send({ type: 'PRINT_REQUEST', target: { kind: 'page' } });
    await c.send({ type: 'PRINT_CONFIRM', copies: 30 });
    expect(c.matches({ cabin: { session: { flow: { demarche: { printing: 'sending' } } } } })).toBe(true);
  });

  it('« Plus de temps » moves the end beyond the resident’s extensions, bounded, and clears a time warning', async () => {
    const c = cabin();
    await assisted(c);
    const endsAt = c.context().sessionEndsAt!;
    await c.advance(min(116)); // the assisted limit is 120 minutes: 4 minutes left
    expect(c.context().timeWarning).toEqual({ minutesLeft: 5 });
    await c.send({ type: 'AGENT_PANEL_OPEN' }); // the agent's code was 116 minutes ago
    expect(panel(c)).toBe('askingCode');
    await c.send(PIN);
    await c.send({ type: 'AGENT_MORE_TIME' });
    expect(c.context().sessionEndsAt).toBe(endsAt + min(15));
    expect(c.context().timeWarning).toBeNull();
    await c.send({ type: 'AGENT_MORE_TIME' });
    expect(c.context().sessionEndsAt).toBe(endsAt + min(20));
    await c.send({ type: 'AGENT_MORE_TIME' });
    expect(c.context().sessionEndsAt).toBe(endsAt + min(20));
    expect(c.context().agent.extraMinutes).toBe(20);
    expect(c.calls.filter((x) => x === 'recordAgentAction more_time')).toHaveLength(2);
    await c.send({ type: 'ACTIVITY' }); // the agent touched the screen (the assisted inactivity is 120 minutes too)
    // The timers follow the new end (4 + 20 minutes left): warned again 5 minutes before it, not before.
    await c.advance(min(19) - 1);
    expect(c.context().timeWarning).toBeNull();
    await c.advance(1);
    expect(c.context().timeWarning).toEqual({ minutesLeft: 5 });
    await c.advance(min(5));
    expect(c.context().endingReason).toBe('max-duration');
  });

  it('« Ouvrir ce site » grants the blocked host (exact, grantable only) for the session, back to the page', async () => {
    const c = cabin();
    await assisted(c);
    await c.send({ type: 'NAVIGATION_BLOCKED', host: 'file:' });
    await c.send({ type: 'AGENT_PANEL_OPEN' });
    await c.send({ type: 'AGENT_OPEN_SITE' });
    expect(c.matches({ cabin: { session: { flow: { demarche: 'blocked' } } } })).toBe(true);
    expect(c.calls.some((x) => x.startsWith('openSiteForSession'))).toBe(false);
    await c.send({ type: 'BACK' });
    await c.send({ type: 'NAVIGATION_BLOCKED', host: 'www.legifrance.gouv.fr' });
    await c.send({ type: 'AGENT_OPEN_SITE' });
    await c.settle();
    expect(c.matches({ cabin: { session: { flow: { demarche: 'browsing' } } } })).toBe(true);
    expect(c.calls).toContain('openSiteForSession www.legifrance.gouv.fr');
    expect(c.calls).toContain('recordAgentAction site_opened');
    expect(c.context().agent.sitesOpened).toBe(1);
    expect(c.context().blockedHost).toBeNull();
    expect(panel(c)).toBe('closed.present');
  });

  it('counts a site only once the engine granted it: refused, the blocked screen again; no engine, nothing opened', async () => {
    for (const options of [{ siteRefused: true }, { defaults: ['openSiteForSession' as const] }]) {
      const c = startCabin({ ...options, settings: modelSettings({ timers: { inactivitySeconds: 3600, assisted: { inactivitySeconds: 7200 } } }) });
      await assisted(c);
      await c.send({ type: 'NAVIGATION_BLOCKED', host: 'www.legifrance.gouv.fr' });
      await c.send({ type: 'AGENT_PANEL_OPEN' });
      await c.send({ type: 'AGENT_OPEN_SITE' });
      await c.settle();
      expect(c.matches({ cabin: { session: { flow: { demarche: 'blocked' } } } })).toBe(true);
      expect(c.context().agent.sitesOpened).toBe(0);
      expect(c.calls).not.toContain('recordAgentAction site_opened');
      expect(c.context().blockedHost).toBe('www.legifrance.gouv.fr');
    }
  });

  it('« Fin de l’aide » makes it a resident’s session again: no panel, what the agent added stays', async () => {
    const c = cabin();
    await assisted(c);
    await c.send({ type: 'AGENT_PANEL_OPEN' });
    await c.send({ type: 'AGENT_EXTRA_PAGES' });
    await c.send({ type: 'AGENT_END_ASSISTANCE' });
    expect(c.context().assisted).toBe(false);
    expect(panel(c)).toBe('none');
    expect(c.context().agent.extraPages).toBe(20);
    expect(c.calls).toContain('recordAgentAction end_assistance');
    for (const event of AGENT_EVENTS) await c.send(event);
    expect(panel(c)).toBe('none');
    expect(c.context().agent.extraPages).toBe(20);
    // A referent may take over again: a new assisted session, its panel.
    await c.send(PIN);
    expect(c.context().assisted).toBe(true);
    expect(panel(c)).toBe('closed.present');
  });

  it('is forgotten by the wipe: the next session has no pages, time or sites of the last one', async () => {
    const c = cabin();
    await assisted(c);
    await c.send({ type: 'AGENT_PANEL_OPEN' });
    await c.send({ type: 'AGENT_EXTRA_PAGES' });
    await c.send({ type: 'NAVIGATION_BLOCKED', host: 'www.legifrance.gouv.fr' });
    await c.send({ type: 'AGENT_OPEN_SITE' });
    await c.send({ type: 'END_REQUEST' });
    await c.settle();
    expect(c.cabin()).toBe('goodbye');
    expect(c.context().agent).toEqual({ extraPages: 0, extraMinutes: 0, sitesOpened: 0 });
    expect(c.context().assisted).toBe(false);
  });

  it('fails closed with no settings for it: nothing may be added', async () => {
    const settings = modelSettings();
    const c = startCabin({ settings: { ...settings, agentPanel: { ...settings.agentPanel, maxExtraPages: 0, maxExtraMinutes: 0 } } });
    await assisted(c);
    await c.send({ type: 'AGENT_PANEL_OPEN' });
    const endsAt = c.context().sessionEndsAt;
    await c.send({ type: 'AGENT_EXTRA_PAGES' });
    await c.send({ type: 'AGENT_MORE_TIME' });
    expect(c.context().agent.extraPages).toBe(0);
    expect(c.context().sessionEndsAt).toBe(endsAt);
  });
});
