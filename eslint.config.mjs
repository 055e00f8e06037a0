import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'cuebed-out*/**', 'test-artifacts/**', 'host/**', 'panel/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Randomness comes only from the seeded generator (determinism).' }],
    },
  },
  {
    // Pure core: only the CLI and io/ touch the file system.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/io/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process'] }],
    },
  },
  {
    // Tests break inputs on purpose (wrong types in snapshots), which needs untyped access.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
