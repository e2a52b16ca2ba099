// @ts-check
/**
 * Mutation testing of the pure core (issue #10): `npm run test:mutation`. Not part of `npm test`.
 * Scores, runtime and what the surviving mutants are: docs/testing.md, "Mutation testing".
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  packageManager: 'npm',
  testRunner: 'mocha',
  // Mutants that do not type-check count as CompileError instead of being run (and "killed").
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'src/shared/strategies/**/*.ts',
    'src/engine/metrics/**/*.ts',
    'src/engine/profile/columnsCodec.ts',
    'src/engine/profile/profileCodec.ts',
    'src/engine/profile/varintColumn.ts',
    // The column decoder, shared with the webview; killed by the profile codec tests.
    'src/shared/columnBytes.ts',
    'src/shared/columnsDecoder.ts',
    'src/shared/panelProtocol.ts',
    'src/extension/panel/messageGate.ts',
  ],
  mochaOptions: {
    // Not .mocharc.json: that one also runs the ORT integration tests.
    'no-config': true,
    'no-package': true,
    require: ['tsx/cjs'],
    spec: [
      'test/unit/strategies/**/*.test.ts',
      'test/unit/metrics/**/*.test.ts',
      'test/unit/profile/**/*.test.ts',
      'test/webview/panelProtocol.test.ts',
      'test/unit/extension/messageGate.test.ts',
    ],
    // The 200k-request size test takes ~6 s and covers every codec line, so it would run for each
    // codec mutant; the round-trip tests check the same code on smaller profiles.
    grep: '^(?!.*stores a 200k-request profile)',
  },
  // Static mutants (module-level tables and constants) need a fresh process and the whole suite
  // each: 15% of the mutants but ~60% of the time. They count as Ignored, not in the score.
  ignoreStatic: true,
  // Each test runs only against the mutants it reached in the dry run (works with tsx/cjs).
  coverageAnalysis: 'perTest',
  // Reruns reuse reports/stryker-incremental.json and test only changed code and tests.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The development machine has 2 cores shared with other work; raise with --concurrency.
  concurrency: 1,
  // Big folders the unit tests never read; not copied into the sandbox (.stryker-tmp/).
  ignorePatterns: ['/.vscode-test', '/out', '/dist', '/test-artifacts', '/.batchscope', '/media'],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 80, low: 60, break: 80 },
};

export default config;
