import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

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
    // The UI draws results; it never touches the ML runtimes (they live in src/pipeline and src/session).
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
  {
    // The app uses the engine as a developer would: through the library's entry (src/lib, its index) or, for
    // what only the page needs, its secondary entry src/lib/internal.ts. Type imports too (this rule, unlike
    // the base one, is told so), so that nothing of the app names a module of the pipeline or the worker.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/pipeline/**', 'src/worker/**', 'src/lib/**', 'src/video/**', 'src/draw/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/pipeline', '**/pipeline/**', '**/worker', '**/worker/**'],
              allowTypeImports: false,
              message:
                "The app reaches the pipeline and the worker only through src/lib ('lib' or 'lib/internal').",
            },
            {
              group: ['**/lib/*', '!**/lib/internal'],
              allowTypeImports: false,
              message:
                "Import the library's entry ('lib') or its secondary entry ('lib/internal'), not its modules.",
            },
          ],
        },
      ],
    },
  },
  {
    // Video files and the overlay drawing sit below the library, which uses them (whole-file analysis,
    // exports, photo tables): like the pipeline they never import the library, the session or the UI, so
    // that no import climbs back up.
    files: ['src/video/**/*.ts', 'src/draw/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lib', '**/lib/**', '**/session/**', '**/ui/**'],
              allowTypeImports: false,
              message:
                'src/video and src/draw are below the library: they import src/pipeline and src/worker directly.',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine's core knows nothing above it.
    files: ['src/pipeline/**/*.ts', 'src/worker/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lib', '**/lib/**', '**/session/**', '**/ui/**', '**/video/**', '**/draw/**'],
              allowTypeImports: false,
              message: 'src/pipeline and src/worker import nothing above them.',
            },
          ],
        },
      ],
    },
  },
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
