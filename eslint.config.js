// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const CORE = [
  'src/extract/**',
  'src/knowledge/**',
  'src/match/**',
  'src/dialog/**',
  'src/render/**',
  'src/w3c/**',
  'src/analysis.ts',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'coverage',
      '.tmp',
      'manifest/build',
      'build',
      // written by scripts/build-kernel.ts
      'src/w3c/kernel/shared.ts',
      '**/*.js',
      '!eslint.config.js',
      '!bin/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: CORE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // @slack/types is declarations only (Block Kit's shapes), no SDK
              group: ['botbuilder*', 'restify*', '@slack/*', '!@slack/types'],
              message: 'The core stays free of channel SDKs.',
            },
            {
              group: ['node:fs', 'node:fs/*', 'fs', 'node:child_process'],
              message: 'Disk only in load.ts/read.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/load.ts', 'src/**/read.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // the scan kernel is AssemblyScript: `tsc -p src/w3c/kernel` checks its types against
    // AssemblyScript's own declarations (npm run lint); here the rules that need no types
    files: ['src/w3c/kernel/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      // 64-bit integer literals (u64 hash constants) are exact in AssemblyScript
      'no-loss-of-precision': 'off',
    },
  },
  {
    // plain-JS launchers run on Node as they are: node globals, no type information
    files: ['bin/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
  {
    // the terminal and scripts are where output belongs
    files: ['src/cli/**', 'bench/**', 'scripts/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // botbuilder stays at the edge (Teams channel, HTTP server) so the Agents SDK can replace it
    files: ['src/**/*.ts'],
    ignores: [...CORE, 'src/channels/teams/**', 'src/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
              message: 'Only src/channels/teams and src/server import botbuilder.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
