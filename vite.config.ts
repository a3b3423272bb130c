import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: {
    // A module worker: tasks-vision's ES-module wasm loader needs one.
    format: 'es',
    // Vite keeps comments in worker bundles (not in the page's); the licence headers alone are ~0.8 MB.
    rolldownOptions: { output: { comments: false } },
  },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
