// The Node runtime turns what the démarche view says (engine notices) into events of the session
// machine. Here over a stand-in storage lifecycle and démarche view, so each notice is sent by hand;
// the real-Chromium journey is tests/engine/runtime.test.ts.
import { describe, expect, it } from 'vitest';
import type { DemarcheView, EngineNotice } from '../../../src/engine/port';
import { startStandInCabin, toCatalog, until } from '../../support/stand-in-cabin';

/** A cabin in a démarche whose view is a stand-in: `notify` plays the engine. */
async function cabinInDemarche() {
  const listeners = new Set<(notice: EngineNotice) => void>();
  const view = {
    on(listener: (notice: EngineNotice) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => listeners.clear(),
  } as unknown as DemarcheView;
  const runtime = await startStandInCabin(() => view);
  await toCatalog(runtime);
  runtime.send({ type: 'OPEN_DEMARCHE', demarcheId: 'caf' });
  await until(runtime, (s) => s.path[1] === 'demarche' && listeners.size > 0, 'the démarche view');
  const notify = (notice: EngineNotice) => {
    for (const l of listeners) l(notice);
  };
  return { runtime, notify };
}

describe('engine notices as machine events', () => {
  it("'auth-refused' gives the machine the site's host only: no scheme, port, path or credentials", async () => {
    const { runtime, notify } = await cabinInDemarche();
    notify({ type: 'auth-refused', origin: 'https://jdupont:s3cret@Intranet.Example.fr:8443' });
    const s = await until(runtime, (v) => v.context.authRefusedHost !== null, 'the refused login');
    expect(s.context.authRefusedHost).toBe('intranet.example.fr');
    expect(s.path).toEqual(['session', 'demarche', 'browsing']); // the page stays where it is
    const seen = JSON.stringify(runtime.getState());
    // (A user name of its own: the state has fields named agent, the agent's panel's.)
    for (const part of ['s3cret', 'jdupont', '8443', 'https:']) expect(seen).not.toContain(part);
  });

  it('an origin that is not a URL still tells the resident (the banner, without a host)', async () => {
    const { runtime, notify } = await cabinInDemarche();
    notify({ type: 'auth-refused', origin: 'null' });
    const s = await until(runtime, (v) => v.context.authRefusedHost !== null, 'the refused login');
    expect(s.context.authRefusedHost).toBe('');
  });

  it("'download-refused' gives the machine its reason", async () => {
    const { runtime, notify } = await cabinInDemarche();
    notify({ type: 'download-refused', filename: 'setup.exe', reason: 'dangerous-type' });
    const s = await until(runtime, (v) => v.context.downloadRefused !== null, 'the refused download');
    expect(s.context.downloadRefused).toBe('dangerous-type');
    expect(JSON.stringify(s)).not.toContain('setup.exe');
  });

  it('the host of a refused login is gone after the wipe', async () => {
    const { runtime, notify } = await cabinInDemarche();
    notify({ type: 'auth-refused', origin: 'https://intranet.example.fr' });
    await until(runtime, (v) => v.context.authRefusedHost !== null, 'the refused login');
    runtime.send({ type: 'END_REQUEST' });
    await runtime.waitFor('goodbye', 5_000);
    expect(runtime.getState().context.authRefusedHost).toBeNull();
    expect(JSON.stringify(runtime.getState())).not.toContain('intranet.example.fr');
  });

  it("'navigated' tells the screens the page's host only, and the wipe clears it", async () => {
    const { runtime, notify } = await cabinInDemarche();
    expect(runtime.getState().pageHost).toBeNull();
    notify({ type: 'navigated', url: 'https://www.Impots.gouv.fr/accueil/dossier?numero=1234567890123#avis' });
    const s = await until(runtime, (v) => v.pageHost !== null, 'the page host');
    expect(s.pageHost).toBe('www.impots.gouv.fr');
    const seen = JSON.stringify(s);
    for (const part of ['accueil', 'numero', '1234567890123', 'avis', 'https:']) expect(seen).not.toContain(part);
    expect(s.path).toEqual(['session', 'demarche', 'browsing']); // no machine fact: the page stays where it is
    expect(s.context).not.toHaveProperty('pageHost');

    runtime.send({ type: 'END_REQUEST' });
    await runtime.waitFor('goodbye', 5_000);
    expect(runtime.getState().pageHost).toBeNull();
    expect(JSON.stringify(runtime.getState())).not.toContain('impots.gouv.fr');
  });

  it("'navigated' on a bank's page of a payment sets pageOnBank, the next page clears it, and so does the wipe (issue 15)", async () => {
    const { runtime, notify } = await cabinInDemarche();
    expect(runtime.getState().pageOnBank).toBe(false);
    notify({ type: 'navigated', url: 'https://acs.bank.example/3ds?tx=1', payment: true });
    let s = await until(runtime, (v) => v.pageOnBank === true, 'the bank page');
    expect(s.pageHost).toBe('acs.bank.example');
    notify({ type: 'navigated', url: 'https://www.payfip.gouv.fr/retour' });
    s = await until(runtime, (v) => v.pageOnBank === false, 'back on the shop');
    expect(s.pageHost).toBe('www.payfip.gouv.fr');
    notify({ type: 'navigated', url: 'https://acs.bank.example/3ds?tx=2', payment: true });
    await until(runtime, (v) => v.pageOnBank === true, 'the bank page again');
    runtime.send({ type: 'END_REQUEST' });
    await runtime.waitFor('goodbye', 5_000);
    expect(runtime.getState().pageOnBank).toBe(false);
  });
});
