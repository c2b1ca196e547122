// The header rewrite both adapters apply to every document: PDFs become downloads, and the window-opening
// features are refused by permissions policy after whatever the site says (the last entry of a key wins).
import { describe, expect, it } from 'vitest';
import { CABIN_PERMISSIONS_POLICY, cabinResponseHeaders, headersFromEntries, headersToEntries } from '../../../src/engine/response-headers';

describe('cabinResponseHeaders', () => {
  it('adds the cabin’s Permissions-Policy after the site’s own, keeping the site’s', () => {
    const out = cabinResponseHeaders({ 'content-type': 'text/html', 'permissions-policy': 'picture-in-picture=*, camera=()' });
    expect(out?.['permissions-policy']).toEqual(['picture-in-picture=*, camera=()', CABIN_PERMISSIONS_POLICY]);
    expect(cabinResponseHeaders({ 'Content-Type': 'text/html' })?.['Permissions-Policy']).toEqual(['picture-in-picture=()']);
  });

  it('a PDF becomes an attachment and gets the policy too', () => {
    const out = cabinResponseHeaders({ 'Content-Type': ['application/pdf'], 'Content-Disposition': ['inline; filename="avis.pdf"'] });
    expect(out?.['Content-Disposition']).toEqual(['attachment; filename="avis.pdf"']);
    expect(out?.['Permissions-Policy']).toEqual([CABIN_PERMISSIONS_POLICY]);
  });

  it('with overlays left alone (audit self-test) only PDFs change', () => {
    expect(cabinResponseHeaders({ 'content-type': 'text/html' }, { overlays: false })).toBeNull();
  });

  it('CDP header lists round-trip, repeated names kept', () => {
    const entries = [
      { name: 'Set-Cookie', value: 'a=1' },
      { name: 'Set-Cookie', value: 'b=2' },
      { name: 'Content-Type', value: 'text/html' },
    ];
    expect(headersToEntries(headersFromEntries(entries))).toEqual(entries);
  });
});
