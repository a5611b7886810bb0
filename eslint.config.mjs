import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { readdirSync } from 'node:fs';

/**
 * The server's shape (docs/architecture.md): infrastructure folders depend on no feature; a feature imports another
 * only through its public index (server/src/<feature>/index.ts). Checked per folder depth, so a relative import
 * resolves to exactly one folder (common/auth is infrastructure, auth/ is a feature).
 */
const SERVER = 'server/src';
const INFRASTRUCTURE = ['common', 'config', 'database', 'jobs', 'wechat'];
const FEATURES = readdirSync(SERVER, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !INFRASTRUCTURE.includes(entry.name))
  .map((entry) => entry.name);
const DEPTHS = [1, 2, 3, 4, 5];
const up = (depth) => '\\.\\./'.repeat(depth);
const boundaries = [
  ...FEATURES.flatMap((feature) =>
    DEPTHS.map((depth) => ({
      files: [`${SERVER}/${feature}/${'*/'.repeat(depth - 1)}*.ts`],
      ignores: ['**/*.spec.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `^${up(depth)}(${FEATURES.filter((other) => other !== feature).join('|')})/(?!index$)`,
                message: 'Import another feature through its public index (../<feature>), never its files or models.',
              },
            ],
          },
        ],
      },
    })),
  ),
  ...INFRASTRUCTURE.flatMap((folder) =>
    DEPTHS.map((depth) => ({
      files: [`${SERVER}/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
      ignores: ['**/*.spec.ts', `${SERVER}/*/fake/**`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `^${up(depth)}(${FEATURES.join('|')})(/|$)`,
                message: 'Infrastructure depends on no feature: let the feature register with it (see docs/architecture.md).',
              },
            ],
          },
        ],
      },
    })),
  ),
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      'data/**',
      'test/artifacts/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': ['error', { allow: ['error', 'warn'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Nest resolves constructor parameters from emitted type metadata: a type-only import would erase it.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/database/embedded/**'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['miniprogram/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, defineAppConfig: 'readonly', definePageConfig: 'readonly' } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.spec.tsx',
      'test/**/*.ts',
      '**/test/**/*.ts',
      '**/test/**/*.tsx',
      'server/bench/**/*.ts',
      'test/**/*.ts',
    ],
    languageOptions: { globals: { ...globals.jest } },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['server/src/database/embedded/cli.ts', 'server/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  ...boundaries,
  prettier,
);
