// The video call with an agent d'accueil (issue 17), on the screens: « Aide » → « Appeler un agent d’accueil » rings in
// a room (a banner with « Annuler l’appel »), the agent joins and appears in the call panel (large over the démarche,
// small beside it: the démarche's area never overlaps the call's), the resident's screen is shown only after their
// « Oui » and stops in one touch, « Raccrocher » ends it, nobody answering says where else to find help. The room is the
// host's controllable visioCall actor: the test makes the agent join, leave or fail, and reads what the machine told it
// (SHARE_ON / SHARE_OFF) and when it was stopped (the hang-up), against the session's end and its wipe.
import type { Page } from '@playwright/test';
import type { CabinConfigInput } from '../../src/shared/config/schema';
import { expect, test, type Cabin } from './support/fixtures';
import type { MachineHostOptions } from './support/machine-host';
import { locale } from './support/locales';

const ANSWER_SECONDS = 20;
const PLACE = { fr: 'Accueil de la mairie, rez-de-chaussée', en: 'Town hall reception, ground floor', ar: 'استقبال البلدية، الطابق الأرضي' };
const HOURS = {
  fr: 'du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h',
  en: 'Monday to Friday, 9 am to 12 noon and 2 pm to 5 pm',
  ar: 'من الاثنين إلى الجمعة، من 9 إلى 12 ومن 14 إلى 17',
};

/** A commune with a video service, its reception desk and its hours. */
const withVisio = (c: CabinConfigInput): CabinConfigInput => ({
  ...c,
  referentCall: { ...c.referentCall, visio: { url: 'https://visio.example.fr/', answerSeconds: ANSWER_SECONDS } },
  help: { ...c.help, place: PLACE, hours: HOURS },
});
const options = (more: MachineHostOptions = {}): MachineHostOptions => ({ editConfig: withVisio, ...more });

type Rect = { x: number; y: number; width: number; height: number };
const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function callArea(page: Page): Promise<Rect> {
  const box = await page.locator('[data-call-area]').boundingBox();
  if (!box) throw new Error('the call area is not on screen');
  return box;
}

/** What the screens told the shell about the call's view: the rectangle of [data-call-area], in whole pixels. */
async function expectCallAreaReported(cabin: Cabin) {
  const box = await callArea(cabin.page);
  const expected = {
    x: Math.round(box.x),
    y: Math.round(box.y),
    width: Math.round(box.x + box.width) - Math.round(box.x),
    height: Math.round(box.y + box.height) - Math.round(box.y),
  };
  await expect.poll(() => cabin.host.record.callAreas.at(-1)).toEqual(expected);
}

/** « Aide » → « Appeler un agent d’accueil », and the room rings. */
async function call(cabin: Cabin) {
  await cabin.tool('referent');
  await expect(cabin.page.locator('[data-banner="visio-ringing"]')).toBeVisible();
}

/** A button of the call panel (outside the screen's <main>, where cabin.press looks). */
async function inPanel(page: Page, name: string) {
  await page.locator('[data-call-panel]').getByRole('button', { name, exact: true }).click();
}

/** …and the agent joins. */
async function join(cabin: Cabin) {
  cabin.host.visio({ type: 'VISIO_REFERENT_JOINED' });
  await expect(cabin.page.locator('[data-call-panel]')).toBeVisible();
}

test.describe('the video call with an agent d’accueil', () => {
  const fr = locale('fr');

  test('rings, the agent appears over the démarche, smaller beside it and larger again, « Raccrocher » hangs up', async ({ openCabin, page }) => {
    const cabin = await openCabin(options());
    const { host } = cabin;
    await cabin.openDemarche('caf');
    await expect.poll(() => host.record.areas.at(-1)).not.toBeNull();

    await call(cabin);
    const ringing = page.locator('[data-banner="visio-ringing"]');
    await expect(ringing).toContainText(fr('call.ringing'));
    await expect(ringing).toContainText(fr('call.ringingHow'));
    // A room for this session, in the resident's language; the webhook alone is not the call.
    expect(host.record.visioCalls).toEqual([{ sessionId: host.getState().context.sessionId, locale: 'fr' }]);
    expect(host.record.referentCalls).toBe(0);
    // The démarche stays in view while it rings; « Aide » does not call twice.
    expect(host.record.areas.at(-1)).not.toBeNull();
    await page.locator('[data-tool="help"]').click();
    await expect(page.locator('[data-help="call"]')).toBeDisabled();
    await expect(page.locator('[data-help="call-state"]')).toHaveText(fr('toolbar.referentCalling'));
    await page.locator('[data-dialog="help"] [data-dialog-close]').click();

    await join(cabin);
    const panel = page.locator('[data-call-panel]');
    await expect(ringing).toHaveCount(0);
    await expect(panel).toHaveAttribute('data-call-window', 'large');
    await expect(page.getByRole('img', { name: fr('call.area') })).toBeVisible();
    await expect(page.locator('[data-call-area]')).toBeEmpty();
    // The agent appeared: the screen reader starts there.
    await expect(panel.getByRole('heading', { level: 2 })).toBeFocused();
    // Large: the panel takes the démarche's place, the démarche goes on hidden (not closed).
    await expect.poll(() => host.record.areas.at(-1)).toBeNull();
    await cabin.screen('browsing');
    expect(host.record.closedDemarches).toBe(0);
    await expect(page.locator('.stage-screen')).toHaveAttribute('inert', '');
    await expectCallAreaReported(cabin);
    const stage = await page.locator('.stage').boundingBox();
    const large = await callArea(page);
    expect(large.width).toBeGreaterThan(stage!.width * 0.8);

    // Small: a column at the end of the line; the démarche's area shrinks beside it, never under it.
    await inPanel(page, fr('call.smaller'));
    await expect(panel).toHaveAttribute('data-call-window', 'small');
    await expect.poll(() => host.record.areas.at(-1)).not.toBeNull();
    const demarche = host.record.areas.at(-1)!;
    const small = await callArea(page);
    // Never narrower than the shell's call window can be (Chromium's windows: 500 px at least, styles.css).
    expect(small.width).toBeGreaterThanOrEqual(500);
    expect(overlap(demarche, small)).toBe(false);
    expect(overlap(demarche, (await panel.boundingBox())!)).toBe(false);
    expect(demarche.x + demarche.width).toBeLessThanOrEqual(small.x);
    expect(small.width).toBeLessThan(large.width);
    expect(host.getState().context.call).toEqual({ share: 'off', window: 'small' });
    await expectCallAreaReported(cabin);
    expect(overlap(demarche, host.record.callAreas.at(-1)!)).toBe(false);
    // Both in view, and our screen around the démarche can be used again.
    await expect(page.locator('.stage-screen')).not.toHaveAttribute('inert');

    await inPanel(page, fr('call.larger'));
    await expect(panel).toHaveAttribute('data-call-window', 'large');
    await expect.poll(() => host.record.areas.at(-1)).toBeNull();

    // « Raccrocher »: the actor is stopped (the hang-up), the démarche is back where it was.
    await inPanel(page, fr('call.hangUp'));
    await expect(panel).toHaveCount(0);
    expect(host.record.timeline).toEqual(['visio:start', 'visio:stop']);
    expect(host.visioRunning()).toBe(false);
    await expect.poll(() => host.record.areas.at(-1)).not.toBeNull();
    await expect.poll(() => host.record.callAreas.at(-1)).toBeNull();
    expect(host.getState().context).toMatchObject({ referentCall: 'idle', call: { share: 'off', window: 'large' } });
  });

  test('« Annuler l’appel » while it rings stops the room; the agent leaving ends the call', async ({ openCabin, page }) => {
    const cabin = await openCabin(options());
    const { host } = cabin;
    await cabin.openDemarche('caf');
    await call(cabin);
    await page
      .locator('[data-banner="visio-ringing"]')
      .getByRole('button', { name: fr('banner.cancelCall') })
      .click();
    await expect(page.locator('[data-banner="referent-cancelled"]')).toContainText(fr('banner.referentCancelled'));
    expect(host.record.timeline).toEqual(['visio:start', 'visio:stop']);
    await page
      .locator('[data-banner="referent-cancelled"]')
      .getByRole('button', { name: fr('common.ok') })
      .click();

    await call(cabin);
    await join(cabin);
    host.visio({ type: 'VISIO_REFERENT_LEFT' });
    await expect(page.locator('[data-call-panel]')).toHaveCount(0);
    expect(host.visioRunning()).toBe(false);
    expect(host.getState().context.referentCall).toBe('idle');
  });

  test('the screen is shown only after « Oui », and stops in one touch', async ({ openCabin, page }) => {
    const cabin = await openCabin(options());
    const { host } = cabin;
    await cabin.openDemarche('caf');
    await call(cabin);
    await join(cabin);
    const shares = () => host.record.timeline.filter((e) => e.startsWith('visio:SHARE'));

    // Asked, refused: nothing shown.
    await inPanel(page, fr('call.share'));
    const dialog = page.locator('[data-dialog="share-screen"]');
    await expect(dialog.getByRole('heading')).toHaveText(fr('call.ask.title'));
    await expect(dialog).toContainText(fr('call.ask.what'));
    // The question is ours: both views hidden while it is asked.
    await expect.poll(() => host.record.areas.at(-1)).toBeNull();
    await expect.poll(() => host.record.callAreas.at(-1)).toBeNull();
    await cabin.press(fr('call.ask.no'));
    await expect(dialog).toHaveCount(0);
    await expectCallAreaReported(cabin);
    expect(shares()).toEqual([]);
    await expect(page.locator('[data-banner="screen-shared"]')).toHaveCount(0);

    // Asked, accepted: shown, and said the whole time.
    await inPanel(page, fr('call.share'));
    await cabin.press(fr('call.ask.yes'));
    const banner = page.locator('[data-banner="screen-shared"]');
    await expect(banner).toContainText(fr('call.sharing'));
    expect(shares()).toEqual(['visio:SHARE_ON']);
    await expect(page.locator('[data-call="share"]')).toHaveText(fr('call.stopShare'));
    // Still said with the panel small.
    await inPanel(page, fr('call.smaller'));
    await expect(banner).toBeVisible();

    // « Arrêter »: one touch.
    await banner.getByRole('button', { name: fr('call.stop') }).click();
    await expect(banner).toHaveCount(0);
    expect(shares()).toEqual(['visio:SHARE_ON', 'visio:SHARE_OFF']);
    expect(host.getState().context.referentCall).toBe('inCall');

    // A share the runtime could not give, or the service stopped: the banner goes at once.
    await inPanel(page, fr('call.share'));
    await cabin.press(fr('call.ask.yes'));
    await expect(banner).toBeVisible();
    host.visio({ type: 'VISIO_SHARE_STOPPED' });
    await expect(banner).toHaveCount(0);
    await expect(page.locator('[data-call="share"]')).toHaveText(fr('call.share'));

    // From the panel too, and hanging up while shown stops the share first.
    await inPanel(page, fr('call.share'));
    await cabin.press(fr('call.ask.yes'));
    await expect(banner).toBeVisible();
    await page.locator('[data-call="share"]').click();
    await expect(banner).toHaveCount(0);
    await inPanel(page, fr('call.share'));
    await cabin.press(fr('call.ask.yes'));
    await inPanel(page, fr('call.hangUp'));
    await expect(banner).toHaveCount(0);
    expect(host.record.timeline.slice(-2)).toEqual(['visio:SHARE_OFF', 'visio:stop']);
  });

  test('nobody answers in answerSeconds: the numbers, the hours, « Rappeler » and « Continuer seul »', async ({ openCabin, page }) => {
    const cabin = await openCabin(options({ clock: 'simulated' }));
    const { host } = cabin;
    await cabin.openDemarche('caf');
    await call(cabin);
    host.advance(ANSWER_SECONDS * 1000 - 1);
    await expect(page.locator('[data-banner="visio-ringing"]')).toBeVisible();
    host.advance(1);
    const dialog = page.locator('[data-dialog="referent-no-answer"]');
    await expect(dialog.getByRole('heading')).toHaveText(fr('call.noAnswer.title'));
    await expect(dialog.locator('[data-help="place"]')).toHaveText(`Allez à l’accueil : ${PLACE.fr}`);
    await expect(dialog.locator('[data-help="hours"]')).toHaveText(`Ouvert ${HOURS.fr}.`);
    await expect(dialog.locator('[data-phone]')).toHaveText([/^39 39\s*Allô Service Public/, /^36 46/, /^32 30/, /^39 49/]);
    expect(host.visioRunning()).toBe(false);
    await expect.poll(() => host.record.areas.at(-1)).toBeNull();

    // « Rappeler »: a new room.
    await cabin.press(fr('call.noAnswer.again'));
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('[data-banner="visio-ringing"]')).toBeVisible();
    expect(host.record.visioCalls).toHaveLength(2);
    host.advance(ANSWER_SECONDS * 1000);
    await expect(dialog).toBeVisible();

    // « Continuer seul »: back to the démarche.
    await cabin.press(fr('call.noAnswer.alone'));
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => host.record.areas.at(-1)).not.toBeNull();
    expect(host.getState().context.referentCall).toBe('idle');
  });

  test('the room failing says where else to find help', async ({ openCabin, page }) => {
    const cabin = await openCabin(options());
    await cabin.openDemarche('caf');
    await call(cabin);
    await join(cabin);
    cabin.host.visio({ type: 'VISIO_FAILED', reason: 'connection-lost' });
    await expect(page.locator('[data-call-panel]')).toHaveCount(0);
    await expect(page.locator('[data-dialog="referent-unreachable"]')).toBeVisible();
    expect(cabin.host.visioRunning()).toBe(false);
  });

  test('the session ending during a call stops the call before the wipe, sharing or not', async ({ openCabin, page }) => {
    const cabin = await openCabin(options({ wipe: 'manual' }));
    const { host } = cabin;
    await cabin.openDemarche('caf');
    await call(cabin);
    await join(cabin);
    await inPanel(page, fr('call.share'));
    await cabin.press(fr('call.ask.yes'));
    await expect(page.locator('[data-banner="screen-shared"]')).toBeVisible();
    // « J’ai fini » is still there over the large panel.
    await cabin.tool('end');
    await cabin.press(fr('end.confirm.yes'));
    await cabin.screen('ending');
    await expect.poll(() => host.record.wipes).toBe(1);
    // The hang-up came before the session's end and its wipe started (and the share's end before the hang-up).
    expect(host.record.timeline).toEqual(['visio:start', 'visio:SHARE_ON', 'visio:SHARE_OFF', 'visio:stop', 'endSession', 'wipe']);
    expect(host.visioRunning()).toBe(false);
    await expect(page.locator('[data-call-panel]')).toHaveCount(0);
    await expect(page.locator('[data-banner="screen-shared"]')).toHaveCount(0);
    await expect.poll(() => host.record.callAreas.at(-1)).toBeNull();
    host.releaseWipe();
    await cabin.screen('goodbye');
  });

  test('a call from the welcome screen is the webhook (no session, no room)', async ({ openCabin, page }) => {
    const cabin = await openCabin(options());
    const { host } = cabin;
    host.controls.referentCall = 'hold';
    await cabin.screen('attract');
    await page.locator('.attract-touch').click();
    await cabin.screen('welcome');
    await page.getByRole('button', { name: fr('welcome.help') }).click();
    await expect(page.locator('[data-banner="referent-calling"]')).toBeVisible();
    expect(host.record.referentCalls).toBe(1);
    expect(host.record.visioCalls).toEqual([]);
  });
});

// Every screen of the call, checked (axe, sizes) and pictured in each language; Arabic mirrored (the panel on the left).
for (const lang of ['fr', 'en', 'ar'] as const) {
  const t = locale(lang);
  test(`the call's screens in ${lang}: ringing, the call large and small, the question, the share, nobody answering`, async ({ openCabin, page }) => {
    test.setTimeout(300_000);
    const cabin = await openCabin(options({ clock: 'simulated' }));
    const { host } = cabin;
    await cabin.screen('attract');
    await page.locator('.attract-touch').click();
    await cabin.screen('welcome');
    if (lang !== 'fr') await page.getByRole('button', { name: lang === 'en' ? 'English' : 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
    await page.getByRole('button', { name: t('welcome.start') }).click();
    await cabin.screen('catalog');
    await page.locator('[data-demarche="caf"]').click();
    await cabin.screen('browsing');

    await call(cabin);
    expect(host.record.visioCalls[0]!.locale).toBe(lang);
    await expect(page.locator('[data-banner="visio-ringing"]')).toContainText(t('call.ringing'));
    await cabin.check(`visio-ringing-${lang}`, { focus: 'none' });

    await join(cabin);
    await expect(page.locator('[data-call-panel] h2')).toHaveText(t('call.title'));
    await cabin.check(`visio-call-large-${lang}`, { focus: 'none' });

    await inPanel(page, t('call.smaller'));
    await expect(page.locator('[data-call-panel]')).toHaveAttribute('data-call-window', 'small');
    await expect.poll(() => host.record.areas.at(-1)).not.toBeNull();
    const demarche = host.record.areas.at(-1)!;
    const panel = (await page.locator('[data-call-panel]').boundingBox())!;
    expect(overlap(demarche, panel)).toBe(false);
    // At the end of the line: right in French and English, left in Arabic.
    if (lang === 'ar') expect(panel.x + panel.width).toBeLessThanOrEqual(demarche.x);
    else expect(demarche.x + demarche.width).toBeLessThanOrEqual(panel.x);
    await cabin.check(`visio-call-small-${lang}`, { focus: 'none' });

    await inPanel(page, t('call.share'));
    await expect(page.locator('[data-dialog="share-screen"] h2')).toHaveText(t('call.ask.title'));
    await cabin.check(`visio-share-ask-${lang}`, { focus: 'dialog' });
    await cabin.press(t('call.ask.yes'));
    await expect(page.locator('[data-banner="screen-shared"]')).toContainText(t('call.sharing'));
    await cabin.check(`visio-sharing-${lang}`, { focus: 'none' });

    await inPanel(page, t('call.hangUp'));
    await expect(page.locator('[data-call-panel]')).toHaveCount(0);
    await call(cabin);
    host.advance(ANSWER_SECONDS * 1000);
    await expect(page.locator('[data-dialog="referent-no-answer"] h2')).toHaveText(t('call.noAnswer.title'));
    await expect(page.locator('[data-dialog="referent-no-answer"] [data-help="hours"]')).toContainText(HOURS[lang]);
    await cabin.check(`visio-no-answer-${lang}`, { focus: 'dialog' });
  });
}
