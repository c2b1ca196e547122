import { defineConfig } from '@playwright/test';

// The Playwright `_electron` suite: the real app, where an Electron binary exists. Each test file
// skips itself, with the reason, when none does (tests/electron/electron-binary.ts).
export default defineConfig({
  testDir: 'tests/electron',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results/electron',
});
