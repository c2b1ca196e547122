// e2e: the renderer, built by Vite, in Debian's Chromium, driven by the real session machine
// through a bridge that plays the preload API (tests/e2e/support).
import { defineConfig } from '@playwright/test';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/support/global-setup.ts',
  outputDir: 'test-results/e2e',
  timeout: 300_000,
  // Generous: the machine running these is shared and often loaded (pdf.js, axe).
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // The machine has few cores and several suites: one browser at a time unless asked.
  workers: Number(process.env.CABINE_E2E_WORKERS ?? 1),
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list']],
  projects: [
    {
      name: 'e2e',
      use: {
        browserName: 'chromium',
        viewport: { width: 1920, height: 1080 },
        deviceScaleFactor: 1,
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        launchOptions: {
          executablePath: chromium,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--font-render-hinting=none',
          ],
        },
        trace: 'retain-on-failure',
        screenshot: 'only-on-failure',
      },
    },
  ],
});
