import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { CROSS_ORIGIN_ISOLATION } from './scripts/isolation-headers.mjs';
import { serviceWorkerPlugin } from './scripts/service-worker-plugin.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  // serviceWorkerPlugin: dist/sw.js with the list of built files it caches for offline use (builds only).
  plugins: [react(), serviceWorkerPlugin()],
  // Written into every export, so a result file says which build made it.
  define: { __APP_VERSION__: JSON.stringify(version) },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: {
    // A module worker: tasks-vision's ES-module wasm loader needs one.
    format: 'es',
    // Vite keeps comments in worker bundles (not in the page's); the licence headers alone are ~0.8 MB.
    rolldownOptions: { output: { comments: false } },
  },
  // Cross-origin isolation: TF.js's wasm backend may then use several threads.
  server: { headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
