/** Picking a configuration by name, with the reasons it cannot be used when it cannot. */
import type { RunConfiguration } from './configurationFormat';
import { describeProblem, RunConfigurationError, suggestion } from './configurationProblems';
import type { RunConfigurationsFile } from './parseConfigurations';

/** Names of the file's entries, in file order (entries without a name left out). */
export function configurationNames(file: RunConfigurationsFile): string[] {
  return file.entries.flatMap((e) => (e.name === null ? [] : [e.name]));
}

/** The usable configurations, in file order. */
export function usableConfigurations(file: RunConfigurationsFile): RunConfiguration[] {
  return file.entries.flatMap((e) => (e.configuration === null ? [] : [e.configuration]));
}

/**
 * The configuration named `name` (exactly as written in the file).
 * @throws RunConfigurationError when the file has problems, no configuration has that name (the
 *   message lists the names, with a did-you-mean), or that configuration has problems (one line each)
 */
export function findConfiguration(file: RunConfigurationsFile, name: string): RunConfiguration {
  const fail = (problems: typeof file.problems): never => {
    throw new RunConfigurationError(
      problems.map((p) => describeProblem(file.source, p)).join('\n'),
      problems,
    );
  };
  if (file.problems.length > 0) fail(file.problems);
  const entry = file.entries.find((e) => e.name === name);
  if (entry === undefined) {
    const names = configurationNames(file);
    throw new RunConfigurationError(
      names.length === 0
        ? `${file.source} has no configurations yet: add one (docs/cli.md, "Run configurations"), or save one from the Batchscope panel.`
        : `${file.source} has no configuration named "${name}".${suggestion(name, names)} ` +
            `Its configurations: ${names.map((n) => `"${n}"`).join(', ')}.`,
    );
  }
  if (entry.configuration === null) fail(entry.problems);
  return entry.configuration!;
}
