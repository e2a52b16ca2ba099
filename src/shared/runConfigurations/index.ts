/**
 * Run configurations (`.batchscope/config.json`): the format, parsing with checks, conversion to
 * and from the panel's run config, saving into the file's text, and finding a model's
 * configurations. Pure (no fs, no vscode) for the host, the CLI and the tree view; the file is
 * read and written by the caller. What needs `path` (a configuration's model as a file, a
 * model's configurations) is in src/shared/node/runConfigurationModel.ts.
 */
export * from './configurationFormat';
export * from './configurationProblems';
export { checkConfiguration, type FieldProblem } from './checkConfiguration';
export * from './parseConfigurations';
export * from './convertConfiguration';
export * from './findConfiguration';
export * from './editConfigurations';
export { specDefaults, strategySpecText } from './strategySpecText';
