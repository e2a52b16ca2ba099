// typescript-eslint flat config. Type-aware rules are left out to keep `npm run lint` fast on 2 cores.
import tseslint from 'typescript-eslint';
import boundaries from './eslint/layerBoundaries.mjs';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      '.vscode-test/',
      'samples/',
      'test-artifacts/',
      '.stryker-tmp/',
      'reports/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    plugins: { batchscope: boundaries },
    rules: { 'batchscope/layer-boundaries': 'error' },
  },
);
