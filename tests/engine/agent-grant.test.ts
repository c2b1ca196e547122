// The agent's panel opens a blocked site for the rest of a session (issue 15), in a real Chromium: the host the
// démarche's allow-list refused loads once granted (the page that was refused, then any démarche of the session),
// exactly that host and no other; the next session's browser refuses it again and never contacts it. Proven from
// the fixture server's side (its request log), not only from the notices.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FIXTURE_ALLOW } from '../fixtures/escape/server';
import { createChromiumHarness, type ChromiumHarness } from './chromium-harness';
import { NoticeLog, until, type SessionUnderTest } from './contract/harness';
import type { DemarcheSpec } from '../../src/engine/port';

describe("the agent's panel: a site opened for this session only — Chromium adapter", () => {
  let h: ChromiumHarness;
  let spec: DemarcheSpec;
  const hitsTo = (host: string, path?: string) => h.fixtures.hits.filter((x) => x.host === host && (path === undefined || x.path.startsWith(path)));

  beforeAll(async () => {
    h = await createChromiumHarness();
    spec = { id: 'grant', startUrl: h.fixtures.url('app.localhost', '/'), allow: [...FIXTURE_ALLOW], permissions: [] };
  });

  afterAll(async () => {
    await h?.dispose();
  });

  it('loads the refused page once granted, that host only, for every démarche of the session; the next session refuses it', async () => {
    const s1: SessionUnderTest = await h.newSession();
    const view = await s1.session.open(spec);
    const log = new NoticeLog(view);
    const wanted = h.fixtures.url('other.localhost', '/asked-by-the-resident');

    // Refused: the blocked screen's host, nothing sent to it.
    await view.navigate(wanted);
    const blocked = await log.wait('navigation-blocked', (n) => n.host === 'other.localhost');
    assert.equal(blocked.reason, 'host-not-allowed');
    assert.deepEqual(hitsTo('other.localhost'), []);

    // Never a scheme or this machine's address, whatever the screen said.
    assert.equal(await view.allowHostForSession('file:'), false);
    assert.equal(await view.allowHostForSession('127.0.0.1'), false);
    assert.equal(await view.allowHostForSession('*.evil.localhost'), false);

    // Granted: the page that was refused loads.
    assert.equal(await view.allowHostForSession('Other.Localhost'), true);
    await until(() => hitsTo('other.localhost', '/asked-by-the-resident').length > 0, 'the refused page requested');
    await until(() => view.currentUrl().startsWith(h.fixtures.url('other.localhost', '/asked-by-the-resident')), 'the refused page shown');

    // Exactly that host: a sibling and a subdomain stay refused.
    log.clear();
    await view.navigate(h.fixtures.url('evil.localhost', '/still-refused'));
    await log.wait('navigation-blocked', (n) => n.host === 'evil.localhost');
    await view.navigate(h.fixtures.url('sub.other.localhost', '/still-refused'));
    await log.wait('navigation-blocked', (n) => n.host === 'sub.other.localhost');
    assert.deepEqual(hitsTo('evil.localhost'), []);
    assert.deepEqual(hitsTo('sub.other.localhost'), []);

    // Another démarche of the same session: still open for it.
    const again = await s1.session.open({ ...spec, id: 'grant-2' });
    await again.navigate(h.fixtures.url('other.localhost', '/second-demarche'));
    await until(() => hitsTo('other.localhost', '/second-demarche').length > 0, 'the granted host in the next démarche');
    await again.close();

    // The session ends (its browser destroyed, as by the wipe); the next one refuses the host again.
    await s1.session.destroy();
    const before = hitsTo('other.localhost').length;
    const s2 = await h.newSession();
    const next = await s2.session.open(spec);
    const log2 = new NoticeLog(next);
    await next.navigate(h.fixtures.url('other.localhost', '/next-session'));
    const refused = await log2.wait('navigation-blocked', (n) => n.host === 'other.localhost');
    assert.equal(refused.reason, 'host-not-allowed');
    // A link of the page too (the page's own navigation, judged by the request guard).
    await until(async () => (await h.driver(next).evaluate<string>('document.readyState')) === 'complete', 'start page loaded');
    await h.driver(next).evaluate(`location.href = ${JSON.stringify(h.fixtures.url('other.localhost', '/next-session-link'))}`);
    await log2.wait('navigation-blocked', (n) => n.host === 'other.localhost' && n.url.includes('/next-session-link'));
    assert.equal(hitsTo('other.localhost').length, before);
    await s2.session.destroy();
  });
});
