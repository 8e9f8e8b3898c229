// ESLint flat config: Next's recommended rules (core web vitals, React, hooks,
// jsx-a11y) and typescript-eslint's recommended rules, with Prettier owning
// formatting. `npm run lint` runs with --max-warnings=0.
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';

const config = [
  ...nextVitals,
  ...nextTs,
  prettier,
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-*/**',
      '.data/**',
      'lib/generated/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
      '.scratch/**',
      'tmp/**',
      'next-env.d.ts',
    ],
  },
  {
    rules: {
      // Unused bindings are dead code; an underscore marks a deliberately ignored one.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    // Command-line tools, benchmarks and test tooling talk to a terminal, and are not
    // React: Playwright's fixture callback is named `use`, vitest helpers `useServerDb`.
    files: ['scripts/**', 'bench/**', 'e2e/**', 'tests/**', '**/*.test.ts', '*.config.*'],
    rules: { 'no-console': 'off', 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Server code never reaches the browser bundle; client code never imports it.
    files: ['components/**', 'lib/queries/**', 'lib/api-client.ts', 'lib/session-activity.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/server/*', '@/lib/server'],
              message: 'Client code must not import lib/server: share types through lib/schemas.',
            },
          ],
        },
      ],
    },
  },
];

export default config;
