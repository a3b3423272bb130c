import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * `files` may import none of each rule's `group` (type imports included: this rule, unlike the base one, is
 * told so); `rules` are [group, why] pairs.
 */
function forbidImports(files, rules, ignores = []) {
  const patterns = rules.map(([group, message]) => ({ group, message, allowTypeImports: false }));
  return {
    files,
    ignores,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  {
    ignores: ['dist', 'dist-lib', 'node_modules', 'public', 'training', 'test-results', 'playwright-report'],
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The UI draws results; it never touches the ML runtimes (they live in src/pipeline).
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*', '@mediapipe/*'], message: 'ML runtimes stay in src/pipeline.' },
          ],
        },
      ],
    },
  },
  // The layers point one way: ui -> session -> lib (the public entry) -> video, draw, worker -> pipeline.
  // The app (session, UI, entry point, service worker) uses the engine as a developer would: through the
  // library's public entry (src/lib/index.ts), and nothing else of src/lib, src/pipeline or src/worker.
  forbidImports(
    ['src/**/*.{ts,tsx}'],
    [
      [
        ['**/pipeline', '**/pipeline/**', '**/worker', '**/worker/**'],
        "The app reaches the pipeline and the worker only through the library's public entry ('lib').",
      ],
      [
        ['**/lib/*'],
        "Import the library's public entry ('lib'), not its modules: what the page needs is public API.",
      ],
    ],
    ['src/pipeline/**', 'src/worker/**', 'src/lib/**', 'src/video/**', 'src/draw/**'],
  ),
  // Video files and the overlay drawing sit below the library, which uses them (whole-file analysis, exports,
  // photo tables): like the pipeline they import nothing above them.
  forbidImports(
    ['src/video/**/*.ts', 'src/draw/**/*.ts'],
    [
      [
        ['**/lib', '**/lib/**', '**/session/**', '**/ui/**'],
        'src/video and src/draw are below the library: they import src/pipeline and src/worker directly.',
      ],
    ],
  ),
  forbidImports(
    ['src/pipeline/**/*.ts', 'src/worker/**/*.ts'],
    [
      [
        ['**/lib', '**/lib/**', '**/session/**', '**/ui/**', '**/video/**', '**/draw/**'],
        'src/pipeline and src/worker import nothing above them.',
      ],
    ],
  ),
  {
    // The library has no UI and no app state: a developer's page brings its own.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', '**/ui/**', '**/session/**'],
              message: 'src/lib has no React, no UI and no app state (src/session).',
            },
          ],
        },
      ],
    },
  },
  {
    // The public types and the frame results import no runtime, so a consumer (or the page) can use them
    // without loading TF.js or MediaPipe.
    files: ['src/lib/types.ts', 'src/lib/resultTypes.ts', 'src/pipeline/frameResult.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['*'],
              allowTypeImports: true,
              message: 'This module holds types only: import type.',
            },
          ],
        },
      ],
    },
  },
);
