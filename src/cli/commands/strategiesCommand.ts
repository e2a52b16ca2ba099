/** `batchscope strategies`: every registered strategy with its parameters, defaults and reference. */
import { STRATEGIES, paramsOf } from '../../shared/strategies/registry';
import type { StrategyDescriptor } from '../../shared/strategies/strategyDescriptor';
import { formatParamValue, type ParamSpec } from '../../shared/strategies/strategyParams';
import type { OptionValues } from '../parseCommandLine';
import { UsageError } from '../usageError';

/** A parameter as `--json` lists it. */
interface ParamJson {
  name: string;
  key: string;
  type: ParamSpec['type'];
  default: ParamSpec['default'];
  /** The run-wide option that replaces the default when given. */
  defaultFrom: string | null;
  unit: string | null;
  min: number | null;
  max: number | null;
  choices: readonly string[] | null;
  help: string;
  /** True for Triton's queue-policy parameters, shared by every batching strategy. */
  queuePolicy: boolean;
}

const RUN_OPTION: Record<NonNullable<ParamSpec['runDefault']>, string> = {
  maxBatch: '--max-batch',
  maxDelayMs: '--max-delay-ms',
  preferredBatch: '--preferred-batch',
  sloMs: '--slo-ms',
};

function paramJson(d: StrategyDescriptor, p: ParamSpec): ParamJson {
  return {
    name: p.short,
    key: p.key,
    type: p.type,
    default: p.default,
    defaultFrom: p.runDefault ? RUN_OPTION[p.runDefault] : null,
    unit: p.unit ?? null,
    min: p.min ?? null,
    max: p.max ?? null,
    choices: p.choices ?? null,
    help: p.help,
    queuePolicy: !d.params.includes(p),
  };
}

/** The registry as plain JSON (what `--json` prints). */
export function strategiesJson(): object {
  return {
    strategies: STRATEGIES.map((d) => ({
      name: d.name,
      title: d.title,
      summary: d.summary,
      reference: d.reference,
      parameters: paramsOf(d).map((p) => paramJson(d, p)),
    })),
  };
}

function defaultText(p: ParamSpec): string {
  const from = p.runDefault ? RUN_OPTION[p.runDefault] : null;
  if (p.default === null) return from ? `from ${from} (required)` : 'required';
  const value = Array.isArray(p.default) && p.default.length === 0 ? 'none' : formatParamValue(p.default);
  return `${value}${p.unit && typeof p.default === 'number' ? ` ${p.unit}` : ''}${from ? ` (or ${from})` : ''}`;
}

function rangeText(p: ParamSpec): string {
  if (p.choices) return p.choices.join('|');
  const kind = p.type === 'int' || p.type === 'intList' ? 'int' : 'number';
  const list = p.type === 'intList' ? ' list (a/b/c)' : '';
  const lo = p.min === undefined ? '' : `${p.positive ? '>' : ''}${p.min}`;
  return `${kind}${list} ${lo}..${p.max ?? ''}`.trim();
}

/** The registry as text: one block per strategy. */
export function strategiesText(): string {
  const lines: string[] = [];
  for (const d of STRATEGIES) {
    lines.push(`${d.name} — ${d.title}`, `  ${d.summary}`, `  Reference: ${d.reference}`);
    if (d.params.length > 0) {
      lines.push('  Parameters:');
      for (const p of d.params) {
        lines.push(`    ${p.short.padEnd(10)} ${rangeText(p).padEnd(26)} default ${defaultText(p)}`);
        lines.push(`    ${''.padEnd(10)} ${p.help}`);
      }
    }
    if (d.queuePolicy) lines.push('  Queue policy: queue, timeout, on-timeout (see below).');
    lines.push('');
  }
  const queue = STRATEGIES.find((d) => d.queuePolicy);
  if (queue) {
    lines.push('Queue policy parameters (any strategy above that lists them, as in Triton):');
    for (const p of paramsOf(queue).filter((p) => !queue.params.includes(p))) {
      lines.push(`    ${p.short.padEnd(10)} ${rangeText(p).padEnd(26)} default ${defaultText(p)}`);
      lines.push(`    ${''.padEnd(10)} ${p.help}`);
    }
    lines.push('');
  }
  lines.push(
    "Write a strategy with parameters as NAME(key=value,…), e.g. --strategies 'none,dynamic(max=16,delay=2),aimd(slo=20)'.",
    'A list value uses "/": dynamic(pref=4/8). Bare values fill parameters in order: static(16).',
    '',
  );
  return lines.join('\n');
}

export function strategiesCommand(positionals: string[], values: OptionValues): number {
  if (positionals.length > 0)
    throw new UsageError(`batchscope strategies takes no arguments, got ${positionals.join(' ')}.`);
  process.stdout.write(values.json ? `${JSON.stringify(strategiesJson(), null, 2)}\n` : strategiesText());
  return 0;
}
