// Lint rules (npm run lint): ESLint's and typescript-eslint's recommended sets, and the rules of
// hooks for the React screens. The React Compiler rules of react-hooks 7 ('refs' above all) are
// not on: input handlers read refs written during render on purpose, so that the keys of one
// chunk of input (a paste, tmux send-keys) each see the state the previous key left.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'bench/.build/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // What Ink draws is sanitised once, when a text node's value is set; a transform's output is
  // drawn as it is (scripts/ink-patches.mjs, ink-squash-sanitised-once). Text's colours are the
  // only transforms the product may have.
  {
    files: ['src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'ink',
              importNames: ['Transform'],
              message:
                "Ink draws a transform's output unsanitised (scripts/ink-patches.mjs, ink-squash-sanitised-once).",
            },
          ],
        },
      ],
    },
  },
  // A CommonJS file (the bench's preload) has only require.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
