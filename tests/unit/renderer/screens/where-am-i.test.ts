// « Où suis-je ? »: the strip above the démarche's page, from the page's host alone.
import { describe, expect, it } from 'vitest';
import { whereAmI } from '../../../../src/renderer/screens/where-am-i';

describe('whereAmI', () => {
  it('a .gouv.fr host is a State site, shown without www.', () => {
    expect(whereAmI('www.impots.gouv.fr')).toEqual({ kind: 'state', host: 'impots.gouv.fr' });
    expect(whereAmI('impots.gouv.fr')).toEqual({ kind: 'state', host: 'impots.gouv.fr' });
    expect(whereAmI('WWW.Service-Public.GOUV.FR.')).toEqual({ kind: 'state', host: 'service-public.gouv.fr' });
  });

  it('another host is just named, www. stripped', () => {
    expect(whereAmI('www.ameli.fr')).toEqual({ kind: 'site', host: 'ameli.fr' });
    expect(whereAmI('assure.ameli.fr')).toEqual({ kind: 'site', host: 'assure.ameli.fr' });
    // Not the State's for only looking like it.
    expect(whereAmI('gouv.fr.example.com')).toEqual({ kind: 'site', host: 'gouv.fr.example.com' });
    expect(whereAmI('impotsgouv.fr')).toEqual({ kind: 'site', host: 'impotsgouv.fr' });
  });

  it("FranceConnect's pages get their own sentence", () => {
    expect(whereAmI('franceconnect.gouv.fr')).toEqual({ kind: 'franceconnect' });
    expect(whereAmI('app.franceconnect.gouv.fr')).toEqual({ kind: 'franceconnect' });
    expect(whereAmI('oidc.franceconnect.gouv.fr')).toEqual({ kind: 'franceconnect' });
    expect(whereAmI('notfranceconnect.gouv.fr')).toEqual({ kind: 'state', host: 'notfranceconnect.gouv.fr' });
  });

  it('punycode and IDN hosts stay as given (only ASCII is lower-cased)', () => {
    expect(whereAmI('xn--mairie-dpt-heb.fr')).toEqual({ kind: 'site', host: 'xn--mairie-dpt-heb.fr' });
    expect(whereAmI('www.mairie-dépôt.fr')).toEqual({ kind: 'site', host: 'mairie-dépôt.fr' });
    expect(whereAmI('MAIRIE-DÉPÔT.fr')).toEqual({ kind: 'site', host: 'mairie-dÉpÔt.fr' });
  });

  it('a bank page in a payment chain says so, whatever its name (issue 15); without the engine saying so it is just a site', () => {
    expect(whereAmI('acs.bank.example', true)).toEqual({ kind: 'bank', host: 'acs.bank.example' });
    expect(whereAmI('www.labanquepostale.fr', true)).toEqual({ kind: 'bank', host: 'labanquepostale.fr' });
    expect(whereAmI('acs.bank.example')).toEqual({ kind: 'site', host: 'acs.bank.example' });
    expect(whereAmI('', true)).toBeNull();
  });

  it('no host, no strip', () => {
    expect(whereAmI(null)).toBeNull();
    expect(whereAmI(undefined)).toBeNull();
    expect(whereAmI('')).toBeNull();
  });
});
