import type { ArrivalSpec } from '../../shared/profileTypes';
import { BURSTY_DEFAULTS, burstyProblem } from '../../shared/burstyArrival';
import { readTrace, type TraceFormat } from './traceFile';

export { BURSTY_DEFAULTS, burstyProblem };

/** The accepted forms, for error and help text. */
export const ARRIVAL_SYNTAX =
  'constant | poisson | bursty[:ratio=R,period=S,duty=D] | ramp:FROM..TO | trace:FILE[,format=timestamps|gaps] | closed:N';

/**
 * Parses the CLI's `--arrival` value into an ArrivalSpec.
 *
 * `trace:FILE` reads the file to decide (and record in the profile) whether it holds timestamps
 * or gaps, which also reports a missing or malformed trace before anything runs.
 * @throws Error naming the bad part and listing the accepted forms.
 */
export function parseArrival(text: string): ArrivalSpec {
  const input = text.trim();
  const colon = input.indexOf(':');
  const kind = (colon < 0 ? input : input.slice(0, colon)).toLowerCase();
  const arg = colon < 0 ? null : input.slice(colon + 1);
  switch (kind) {
    case 'constant':
    case 'poisson':
      if (arg !== null) throw bad(text, `${kind} takes no parameters`);
      return { kind };
    case 'bursty':
      return parseBursty(text, arg);
    case 'ramp':
      return parseRamp(text, arg);
    case 'trace':
      return parseTrace(text, arg);
    case 'closed': {
      const n = arg === null ? NaN : Number(arg);
      if (!Number.isInteger(n) || n < 1) throw bad(text, 'closed:N needs a whole number of clients >= 1');
      return { kind: 'closed', concurrency: n };
    }
    default:
      throw bad(text, `unknown arrival pattern "${kind}"`);
  }
}

function parseBursty(text: string, arg: string | null): ArrivalSpec {
  const spec: { kind: 'bursty'; ratio: number; periodS: number; dutyCycle: number } = {
    kind: 'bursty',
    ...BURSTY_DEFAULTS,
  };
  if (arg !== null && arg.trim() !== '') {
    for (const part of arg.split(',')) {
      const [key, raw, extra] = part.split('=').map((s) => s.trim());
      const value = Number(raw);
      if (raw === undefined || extra !== undefined || raw === '' || !Number.isFinite(value)) {
        throw bad(text, `"${part}" should be KEY=NUMBER (ratio, period or duty)`);
      }
      if (key === 'ratio') spec.ratio = value;
      else if (key === 'period') spec.periodS = value;
      else if (key === 'duty') spec.dutyCycle = value;
      else throw bad(text, `unknown bursty parameter "${key}"; use ratio, period (s) or duty (0..1)`);
    }
  }
  const problem = burstyProblem(spec.ratio, spec.periodS, spec.dutyCycle);
  if (problem) throw bad(text, problem);
  return spec;
}

function parseRamp(text: string, arg: string | null): ArrivalSpec {
  const parts = arg === null ? [] : arg.split('..').map((p) => p.trim());
  const from = parts.length === 2 && parts[0] !== '' ? Number(parts[0]) : NaN;
  const to = parts.length === 2 && parts[1] !== '' ? Number(parts[1]) : NaN;
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw bad(text, 'ramp needs FROM..TO in requests/s, e.g. ramp:10..200');
  }
  if (from < 0 || to < 0 || (from === 0 && to === 0)) {
    throw bad(text, 'ramp rates must be >= 0 and not both 0');
  }
  return { kind: 'ramp', fromRps: from, toRps: to };
}

function parseTrace(text: string, arg: string | null): ArrivalSpec {
  if (arg === null || arg.trim() === '') throw bad(text, 'trace needs a file, e.g. trace:arrivals.csv');
  let file = arg.trim();
  let format: TraceFormat | undefined;
  const m = /,\s*format=(\w+)\s*$/.exec(file);
  if (m) {
    if (m[1] !== 'timestamps' && m[1] !== 'gaps') throw bad(text, `trace format must be timestamps or gaps`);
    format = m[1];
    file = file.slice(0, m.index).trim();
  }
  const trace = readTrace(file, format);
  return { kind: 'trace', file, format: trace.format };
}

function bad(text: string, why: string): Error {
  return new Error(`bad --arrival "${text}": ${why}. Accepted: ${ARRIVAL_SYNTAX}`);
}
