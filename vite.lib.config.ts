// The library build (`npm run build:lib`): src/lib/index.ts as one ES module in dist-lib/, its worker beside
// it, and the files a page must serve for it (models, wasm, face detector models) under dist-lib/models and
// dist-lib/generated, where the recognizer's default URLs look for them. Types: tsc (tsconfig.lib.json), then
// scripts/lib-types.mjs keeps the declarations the public entry reaches.

import { cpSync, readFileSync, rmSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Copies the models and the runtimes' wasm files next to the bundle (public/generated: npm run prepare-assets). */
function copyServedFiles(): Plugin {
  return {
    name: 'fer-live-served-files',
    apply: 'build',
    closeBundle() {
      for (const folder of ['models', 'generated']) {
        rmSync(`dist-lib/${folder}`, { recursive: true, force: true });
        cpSync(`public/${folder}`, `dist-lib/${folder}`, { recursive: true });
      }
    },
  };
}

export default defineConfig({
  plugins: [copyServedFiles()],
  // Written into every export, as the app writes it (vite.config.ts).
  define: { __APP_VERSION__: JSON.stringify(version) },
  publicDir: false,
  // Relative URLs (`new URL('assets/…', import.meta.url)`): the worker is found next to the bundle wherever it is served.
  base: './',
  build: {
    outDir: 'dist-lib',
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    lib: { entry: 'src/lib/index.ts', formats: ['es'], fileName: 'fer-live' },
    // The library's own dependencies are bundled: a consumer installs one package and serves its folder.
    rolldownOptions: { external: [] },
  },
  worker: {
    format: 'es',
    rolldownOptions: { output: { comments: false } },
  },
});
