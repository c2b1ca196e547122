// Where the runtime opens a démarche (issue 15): on the start page chosen for « Ma messagerie », never without one;
// on its startUrl for the others.
import { describe, expect, it } from 'vitest';
import { startUrlOf } from '../../../../src/cabin/runtime/machine';
import { defaultConfig, validateConfig } from '../../../../src/shared/config';

const r = validateConfig(defaultConfig);
if (!r.ok) throw new Error('invalid default config');
const byId = (id: string) => r.config.catalog.find((d) => d.id === id)!;

describe('startUrlOf', () => {
  it('opens « Ma messagerie » on the login page chosen', () => {
    expect(new URL(startUrlOf(byId('messagerie'), 'gmail')).hostname).toBe('accounts.google.com');
    expect(new URL(startUrlOf(byId('messagerie'), 'outlook')).hostname).toBe('outlook.live.com');
    expect(startUrlOf(byId('messagerie'), 'laposte')).toBe('https://www.laposte.net/accueil');
  });

  it('refuses to open it without a start, or on one it does not have', () => {
    expect(() => startUrlOf(byId('messagerie'), null)).toThrow(/no start page/);
    expect(() => startUrlOf(byId('messagerie'), 'aol')).toThrow(/no start page/);
  });

  it('opens the others on their startUrl', () => {
    expect(startUrlOf(byId('impots'), null)).toBe('https://www.impots.gouv.fr/accueil');
  });
});
