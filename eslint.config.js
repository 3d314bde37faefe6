// Lint rules that carry the architecture: imports point inward (domain <- app <- adapters; interfaces -> app;
// main -> everything) and vendor packages stay in adapters/ and main/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const VENDOR = ['sharp', 'kysely', 'better-sqlite3', 'pg', 'bullmq', 'ioredis', '@aws-sdk/*', 'undici', 'pino'];

const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((group) => ({ group: group.group, message: group.message })) },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'web/dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['bin/**/*.js', '*.config.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { window: 'readonly', document: 'readonly', console: 'readonly' } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: restrict([
      {
        group: ['**/app/**', '**/adapters/**', '**/interfaces/**', '**/config/**', '**/main/**'],
        message: 'domain/ imports nothing outside itself.',
      },
      {
        group: ['node:*', 'fs', 'path', 'crypto', ...VENDOR, 'zod', 'commander'],
        message: 'domain/ is pure: no I/O, no packages.',
      },
    ]),
  },
  {
    files: ['src/app/**/*.ts'],
    rules: restrict([
      {
        group: ['**/adapters/**', '**/interfaces/**', '**/main/**'],
        message: 'app/ depends on ports, not on adapters or interfaces.',
      },
      {
        group: [...VENDOR, 'node:fs', 'node:fs/*', 'fs', 'commander'],
        message: 'app/ reaches the outside world only through ports.',
      },
    ]),
  },
  {
    files: ['src/interfaces/**/*.ts', 'src/config/**/*.ts'],
    rules: restrict([
      { group: ['**/adapters/**', '**/main/**'], message: 'interfaces/ and config/ talk to app/, not to adapters.' },
      { group: VENDOR, message: 'Vendor packages are imported only in adapters/ and main/.' },
    ]),
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: restrict([
      { group: ['**/interfaces/**', '**/main/**'], message: 'adapters/ implement ports; they do not reach up.' },
    ]),
  },
);
