// A+/A−, the high-contrast theme and "Écouter".
import { expect, test } from './support/fixtures';

test('A+ and A− change the text size; the contrast theme passes axe too', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.startSession();
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(await size()).toBe(20);
  await cabin.tool('text-bigger');
  expect(await size()).toBe(25);
  await cabin.tool('text-bigger');
  await cabin.tool('text-bigger');
  expect(await size()).toBe(35);
  await page.locator('[data-tool="display"]').click();
  await expect(page.locator('[data-dialog="display"] [data-tool="text-bigger"]')).toBeDisabled();
  await page.locator('[data-dialog="display"] [data-dialog-close]').click();
  await cabin.check('catalog-large-text', { focus: 'none' });
  await cabin.tool('text-smaller');
  await cabin.tool('text-smaller');
  await cabin.tool('text-smaller');
  expect(await size()).toBe(20);

  await cabin.tool('contrast');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
  await page.locator('[data-tool="display"]').click();
  await expect(page.locator('[data-dialog="display"] [data-tool="contrast"]')).toHaveAttribute('aria-pressed', 'true');
  await page.locator('[data-dialog="display"] [data-dialog-close]').click();
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');
  await cabin.check('catalog-contrast', { focus: 'none' });
  await page.locator('[data-demarche="impots"]').click();
  await cabin.screen('browsing');
  await cabin.tool('documents');
  await cabin.screen('documents');
  await cabin.check('documents-contrast');
});

test('"Écouter" reads the screen aloud where the platform has a voice', async ({ page, openCabin }) => {
  // Debian's headless Chromium has no voice: stand in for the platform's speech engine, and
  // record what would be said.
  await page.addInitScript(() => {
    const spoken: { text: string; lang: string }[] = [];
    const voice = { name: 'Test français', lang: 'fr-FR', default: true, localService: true, voiceURI: 'test-fr' };
    (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
    const synth = Object.assign(new EventTarget(), {
      getVoices: () => [voice],
      speak: (u: SpeechSynthesisUtterance) => spoken.push({ text: u.text, lang: u.lang }),
      cancel: () => undefined,
      speaking: false,
      pending: false,
      paused: false,
    });
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    // Chromium's utterance only accepts its own voice objects: a plain stand-in for it too.
    class Utterance {
      text: string;
      lang = '';
      voice: unknown = null;
      rate = 1;
      constructor(text: string) {
        this.text = text;
      }
    }
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  });
  const cabin = await openCabin();
  await cabin.startSession();
  await cabin.tool('listen');
  const spoken = await page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);
  expect(spoken).toHaveLength(1);
  expect(spoken[0]!.lang).toBe('fr-FR');
  expect(spoken[0]!.text).toContain('Que voulez-vous faire ?');
  expect(spoken[0]!.text).toContain('Votre numéro allocataire');
  // The toolbar itself is not read.
  expect(spoken[0]!.text).not.toContain('J’ai fini');

  // No voice for English here: the button is not offered.
  await cabin.tool('end');
  await cabin.press('Non, continuer');
  await page.locator('[data-tool="display"]').click();
  await expect(page.locator('[data-dialog="display"] [data-tool="listen"]')).toBeVisible();
});

test('without any voice, there is no "Écouter" button', async ({ openCabin, page }) => {
  const cabin = await openCabin();
  await cabin.startSession();
  const voices = await page.evaluate(() => ('speechSynthesis' in window ? speechSynthesis.getVoices().length : 0));
  test.skip(voices > 0, 'this Chromium has voices');
  await page.locator('[data-tool="display"]').click();
  await expect(page.locator('[data-dialog="display"]')).toBeVisible();
  await expect(page.locator('[data-tool="listen"]')).toHaveCount(0);
});
