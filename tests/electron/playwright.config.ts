import { defineConfig } from '@playwright/test';

/** The Electron smoke tests (`_electron.launch`); they skip, saying why, where no Electron binary exists. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/electron',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
});
