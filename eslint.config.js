import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ENGINE = ['src/sim', 'src/net', 'src/crypto', 'src/datapath', 'src/policy', 'src/attacker', 'src/capture', 'src/shell', 'src/curriculum'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'screenshots/', 'out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine: virtual clock and seeded RNG only; no DOM, no React, no host timers or crypto.
    files: ENGINE.map((d) => `${d}/**/*.ts`),
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error',
        ...['Date', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'performance', 'crypto', 'document', 'window',
          'navigator', 'localStorage', 'requestAnimationFrame', 'process', 'Buffer', 'fetch'].map((name) => ({
          name, message: 'The engine uses the virtual clock, the seeded RNG and no host APIs.',
        }))],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded RNG (src/sim/rng.ts).' }],
      'no-restricted-imports': ['error', {
        // Bare Node module names as exact paths: a pattern 'crypto' would also match our own ../crypto/ folder.
        paths: ['fs', 'path', 'crypto', 'os', 'child_process'].map((name) => ({ name, message: 'The engine runs in a Web Worker too: no Node modules.' })),
        patterns: [
        { group: ['react', 'react-dom', 'react/*', 'd3', 'd3-*', '@xterm/*', 'zustand', 'zustand/*'], message: 'The engine has no UI.' },
        { group: ['node:*'], message: 'The engine runs in a Web Worker too: no Node modules.' },
        { group: ['**/ui/**', '**/store/**', '**/embed/**', '**/cli/**', '**/worker/**'], message: 'The engine does not import the layers above it.' },
      ] }],
    },
  },
);
