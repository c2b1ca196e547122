// The agent's panel in an assisted session (issue 15): « Panneau de l’agent » in the assisted banner opens it at
// once after the agent's code, asks for the code again after 5 minutes away; « Plus de pages », « Plus de temps »,
// « Ouvrir ce site pour cette session » on the blocked screen, « Fin de l’aide ». A resident's session has no panel.
// Every dialog and screen passes the usual checks (focus, axe, screenshot).
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { REFERENT_PIN } from './support/machine-host';

async function typePin(page: Page, code: string) {
  for (const d of code) await page.locator(`.numeric-pad [data-key="${d}"]`).click();
  await page.getByRole('button', { name: 'Valider' }).click();
}

test('a resident’s session has no agent’s panel, and the blocked screen offers none', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.openDemarche('caf');
  await expect(page.locator('[data-agent-panel-open]')).toHaveCount(0);
  host.inject({ type: 'NAVIGATION_BLOCKED', host: 'www.legifrance.gouv.fr' });
  await cabin.screen('blocked');
  await expect(page.locator('[data-blocked="agent"]')).toHaveCount(0);
  expect(host.getState().agentPanel).toBe('none');
});

test('the agent opens the panel, adds pages and time, opens a blocked site for the session, ends the help', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  const { host } = cabin;
  await cabin.screen('attract');
  await cabin.press('Accès réservé au personnel');
  await typePin(page, REFERENT_PIN);
  await cabin.screen('catalog');
  await page.locator('[data-demarche="caf"]').click();
  await cabin.screen('browsing');

  // Just after the code: the panel opens at once.
  await page.locator('[data-agent-panel-open]').click();
  const panel = page.locator('[data-dialog="agent-panel"]');
  await expect(panel.getByRole('heading')).toHaveText('Panneau de l’agent');
  await expect(panel).toContainText('Pour cette session seulement. Tout s’efface à la fin.');
  await cabin.check('agent-panel', { focus: 'dialog' });

  await cabin.press('Plus de pages');
  await expect(panel.locator('[data-agent-action="pages"] p')).toHaveText('+20 pages à chaque fois. Déjà ajoutées : 20 sur 60.');
  const endsAt = host.getState().context.sessionEndsAt!;
  await cabin.press('Plus de temps');
  await expect(panel.locator('[data-agent-action="time"] p')).toHaveText('+15 minutes à chaque fois. Déjà ajoutées : 15 sur 60 minutes.');
  expect(host.getState().context.sessionEndsAt).toBe(endsAt + 15 * 60_000);
  await cabin.press('Plus de pages');
  await cabin.press('Plus de pages');
  await expect(panel.locator('[data-agent-action="pages"] p')).toHaveText('+20 pages à chaque fois. Déjà ajoutées : 60 sur 60. Maximum atteint.');
  await expect(panel.getByRole('button', { name: 'Plus de pages' })).toBeDisabled();
  expect(host.getState().context.agent).toEqual({ extraPages: 60, extraMinutes: 15, sitesOpened: 0 });
  await cabin.press('Fermer');
  await expect(panel).toHaveCount(0);
  await cabin.screen('browsing');

  // A blocked site: the screen says the agent may open it; the panel offers it, with the host.
  host.inject({ type: 'NAVIGATION_BLOCKED', host: 'www.legifrance.gouv.fr' });
  await cabin.screen('blocked');
  await expect(page.locator('[data-blocked="agent"]')).toContainText('Agent d’accueil : vous pouvez ouvrir ce site pour cette session.');
  await cabin.check('blocked-assisted');
  await page.locator('[data-blocked="agent"]').getByRole('button', { name: 'Panneau de l’agent' }).click();
  await expect(panel.locator('[data-agent-action="site"]')).toContainText('Seulement ce site, jusqu’à la fin de la session : www.legifrance.gouv.fr');
  await cabin.check('agent-panel-site', { focus: 'dialog' });
  await cabin.press('Ouvrir ce site pour cette session');
  await expect(panel).toHaveCount(0);
  await cabin.screen('browsing');
  expect(host.getState().context.agent.sitesOpened).toBe(1);
  expect(host.getState().context.blockedHost).toBeNull();
  expect(host.record.sitesOpened).toEqual(['www.legifrance.gouv.fr']);

  // A scheme is never offered.
  host.inject({ type: 'NAVIGATION_BLOCKED', host: 'file:' });
  await cabin.screen('blocked');
  await expect(page.locator('[data-blocked="agent"]')).toHaveCount(0);
  await page.locator('[data-agent-panel-open]').click();
  await expect(panel.locator('[data-agent-action="site"]')).toHaveCount(0);

  // « Fin de l’aide »: a resident's session again, no banner, no panel; what was added stays.
  await cabin.press('Fin de l’aide');
  await expect(panel).toHaveCount(0);
  await expect(page.locator('[data-banner="assisted"]')).toHaveCount(0);
  await expect(page.locator('[data-agent-panel-open]')).toHaveCount(0);
  expect(host.getState().context).toMatchObject({ assisted: false, agent: { extraPages: 60, sitesOpened: 1 } });
  expect(host.getState().agentPanel).toBe('none');
});

test('after 5 minutes away the panel asks for the agent’s code again; a wrong code opens nothing', async ({ openCabin, page }) => {
  const cabin = await openCabin({ clock: 'simulated' });
  const { host } = cabin;
  await cabin.screen('attract');
  await cabin.press('Accès réservé au personnel');
  await typePin(page, REFERENT_PIN);
  await cabin.screen('catalog');
  host.advance(5 * 60_000);
  await expect.poll(() => host.getState().agentPanel).toBe('closed');

  await page.locator('[data-agent-panel-open]').click();
  const pad = page.locator('[data-dialog="unlock"]');
  await expect(pad.getByRole('heading')).toHaveText('Accès agent d’accueil');
  // The agent's code only: no technician's choice here.
  await expect(pad.getByRole('button', { name: 'Technicien' })).toHaveCount(0);
  await cabin.check('agent-panel-code', { focus: 'dialog' });
  await typePin(page, '1111');
  await expect(pad.locator('[data-unlock="rejected"]')).toHaveText('Code incorrect.');
  expect(host.getState().agentPanel).toBe('askingCode');
  await typePin(page, REFERENT_PIN);
  await expect(pad).toHaveCount(0);
  await expect(page.locator('[data-dialog="agent-panel"]')).toBeVisible();
  expect(JSON.stringify(host.getState())).not.toContain(REFERENT_PIN);
  // Closing the code pad instead: the panel stays closed.
  await cabin.press('Fermer');
  host.advance(5 * 60_000);
  await page.locator('[data-agent-panel-open]').click();
  await expect(pad).toBeVisible();
  await cabin.press('Fermer');
  await expect(pad).toHaveCount(0);
  await expect(page.locator('[data-dialog="agent-panel"]')).toHaveCount(0);
  expect(host.getState().agentPanel).toBe('closed');
});
