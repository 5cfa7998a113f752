// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers',
  'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'test-artifacts/', 'web/dist/', 'eslint.config.mjs', 'jest.config.js', 'scripts/bootstrap.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The test OpenID provider is plain JavaScript (its package ships ES modules and no types): the
    // JavaScript rules apply, not the type-checked ones.
    files: ['test/oidc/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false, project: null }, globals: { process: 'readonly', Buffer: 'readonly', URLSearchParams: 'readonly' } },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox and is bundled once per cached
    // workflow: Node built-ins do not exist there, and zod/pino would bloat every bundle.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not available in workflow code.' })),
          { name: 'zod', message: 'Validate at the API edge; zod in the workflow bundle is a memory problem.' },
          { name: 'pino', message: 'Use the workflow logger from @temporalio/workflow.' },
          { name: '@temporalio/activity', message: 'Workflows import activity types only.' },
          { name: '@temporalio/client', message: 'Workflows cannot use the client.' },
          { name: '@temporalio/worker', message: 'Workflows cannot use the worker.' },
        ],
        patterns: [{ group: ['node:*'], message: 'Node built-ins are not available in workflow code.' }],
      }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process'],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The workbench runs in the browser: it reaches the server only through its API client and shares
    // the contracts, never server, worker or workflow code.
    files: ['web/**/*.ts', 'web/**/*.tsx', 'web/**/*.mts'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(\.\.?/)+(api|workflows|activities|worker|temporal|security|config|logging|scripts)(/|$)', message: 'The workbench talks to the server over HTTP only (web/src/http).' },
          { group: ['@temporalio/*', 'node:*', 'pino', 'fastify'], message: 'Not for the browser.' },
          { group: ['**/domain/*-messages', '**/domain/search-attributes'], message: 'Temporal definitions are not for the browser.' },
        ],
      }],
    },
  },
  {
    // The workbench's unit tests run in Node (vitest) and read the catalogues from disk.
    files: ['web/**/*.test.ts', 'web/**/*.test.tsx'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
