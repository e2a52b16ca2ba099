/**
 * The shape of one configuration entry: known fields only (with a did-you-mean for a typo), the
 * right type in each, and a fix in every message. Ranges (a rate above 0, a whole number of
 * instances…) are the run config's own checks (validateRunConfig), applied after conversion, so
 * the form, the CLI and the file agree on them.
 */
import { STRATEGY_ORDERS } from '../measurementPlan';
import { isSyntheticModelRef, syntheticSpecProblem } from '../syntheticModel';
import {
  ARRIVAL_FIELDS,
  ARRIVAL_NAMES,
  CONFIGURATION_FIELDS,
  EXECUTION_FIELDS,
  TRAFFIC_FIELDS,
  type RunConfiguration,
} from './configurationFormat';
import { suggestion } from './configurationProblems';

/** A problem with one field of an entry (`field` is a dotted path, '' for the entry itself). */
export interface FieldProblem {
  field: string;
  message: string;
}

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const shown = (x: unknown): string => (x === undefined ? 'nothing' : JSON.stringify(x));

/** `"sequence": 512` or `"sequence": "256..512"` (a range is drawn per request). */
export const DIM_PATTERN = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/;

/** Checks one entry of `configurations`; returns it typed when there is no problem. */
export function checkConfiguration(entry: unknown): {
  configuration: RunConfiguration | null;
  problems: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field, message });
  };
  if (!isObj(entry)) {
    add('', `must be an object such as { "name": "mlp", "model": "samples/mlp.onnx" }, got ${shown(entry)}.`);
    return { configuration: null, problems };
  }

  /** Fields not in `allowed` (of the object at `at`). */
  const onlyKnown = (obj: Obj, allowed: readonly string[], at: string): void => {
    for (const key of Object.keys(obj))
      if (!allowed.includes(key))
        add(
          at === '' ? key : `${at}.${key}`,
          `unknown field.${suggestion(key, allowed)} The fields of ${at === '' ? 'a configuration' : `"${at}"`} are ${allowed.join(', ')}.`,
        );
  };
  /** An optional object field: absent, or an object (then `check` looks inside). */
  const section = (obj: Obj, key: string, at: string, example: string, check: (o: Obj) => void): void => {
    const v = obj[key];
    if (v === undefined) return;
    if (!isObj(v)) add(at, `must be an object, e.g. ${example}; got ${shown(v)}.`);
    else check(v);
  };
  const num = (v: unknown, at: string, example: string, nullable = false): void => {
    if (v === undefined || (nullable && v === null) || isNum(v)) return;
    add(at, `must be a number${nullable ? ' or null' : ''}, e.g. ${example}; got ${shown(v)}.`);
  };

  onlyKnown(entry, CONFIGURATION_FIELDS, '');

  if (typeof entry.name !== 'string' || entry.name.trim() === '')
    add('name', `give the configuration a name, e.g. "name": "vad 16k"; got ${shown(entry.name)}.`);
  if (typeof entry.model !== 'string' || entry.model.trim() === '')
    add(
      'model',
      'give the model: a path relative to the folder that holds .batchscope/ ("samples/mlp.onnx"), an ' +
        `absolute path, or a synthetic model ("synthetic:base=20ms,per-item=2ms"); got ${shown(entry.model)}.`,
    );
  else if (isSyntheticModelRef(entry.model)) {
    const why = syntheticSpecProblem(entry.model);
    if (why !== undefined) add('model', `${why}`);
  }

  section(entry, 'dims', 'dims', '{ "sequence": 512 }', (dims) => {
    for (const [name, v] of Object.entries(dims)) {
      if (isNum(v) || (typeof v === 'string' && DIM_PATTERN.test(v))) continue;
      add(`dims.${name}`, `write a size (512) or a range drawn per request ("256..512"); got ${shown(v)}.`);
    }
  });
  section(entry, 'inputs', 'inputs', '{ "sr": 16000 }', (inputs) => {
    for (const [name, v] of Object.entries(inputs)) {
      if (isNum(v) || (Array.isArray(v) && v.length > 0 && v.every(isNum))) continue;
      add(
        `inputs.${name}`,
        `write a number (16000) or a non-empty list of numbers that fills the tensor in order ([0.5, 0.5, 0.5]); got ${shown(v)}.`,
      );
    }
  });
  section(entry, 'batchAxes', 'batchAxes', '{ "state": 1 }', (axes) => {
    for (const [name, v] of Object.entries(axes))
      if (!(isNum(v) && Number.isInteger(v) && v >= 0))
        add(`batchAxes.${name}`, `write the 0-based axis, a whole number such as 1; got ${shown(v)}.`);
  });

  if (entry.strategies !== undefined) {
    const s = entry.strategies;
    if (!Array.isArray(s) || s.length === 0 || !s.every((x) => typeof x === 'string'))
      add(
        'strategies',
        `write a list of strategy specs, as --strategies takes them, e.g. ["none", "dynamic(max=16,delay=2)"]; got ${shown(s)}.`,
      );
  }

  section(entry, 'traffic', 'traffic', '{ "arrival": "poisson", "rateRps": 200 }', (traffic) => {
    onlyKnown(traffic, TRAFFIC_FIELDS, 'traffic');
    const kind = checkArrival(traffic.arrival, add);
    const rate = traffic.rateRps;
    num(rate, 'traffic.rateRps', '"rateRps": 200 (null derives it from calibration)', true);
    if (isNum(rate) && (kind === 'closed' || kind === 'ramp'))
      add(
        'traffic.rateRps',
        kind === 'closed'
          ? 'a closed loop sends as fast as responses come back, so it takes no rate: remove rateRps (or use another arrival).'
          : 'a ramp sets its rates with fromRps and toRps: remove rateRps.',
      );
    num(traffic.durationS, 'traffic.durationS', '"durationS": 10 (seconds per strategy)');
    num(traffic.warmupS, 'traffic.warmupS', '"warmupS": 1 (seconds)');
    num(traffic.seed, 'traffic.seed', '"seed": 42');
    const p = traffic.priorities;
    if (p !== undefined && p !== null && !(Array.isArray(p) && p.every(isNum)))
      add(
        'traffic.priorities',
        `write the share of requests per level, highest first, e.g. [0.2, 0.8], or null for one level; got ${shown(p)}.`,
      );
  });

  section(entry, 'execution', 'execution', '{ "instances": 2, "provider": "cpu" }', (ex) => {
    onlyKnown(ex, EXECUTION_FIELDS, 'execution');
    num(ex.instances, 'execution.instances', '"instances": 2');
    num(ex.threads, 'execution.threads', '"threads": 1 (per instance)');
    num(ex.strategyWarmupS, 'execution.strategyWarmupS', '"strategyWarmupS": 0.5 (seconds)');
    if (ex.provider !== undefined && ex.provider !== 'cpu' && ex.provider !== 'cuda')
      add(
        'execution.provider',
        `write "cpu" or "cuda"; got ${shown(ex.provider)}.${typeof ex.provider === 'string' ? suggestion(ex.provider, ['cpu', 'cuda']) : ''}`,
      );
    if (ex.order !== undefined && !(STRATEGY_ORDERS as readonly unknown[]).includes(ex.order))
      add(
        'execution.order',
        `write one of ${STRATEGY_ORDERS.map((o) => `"${o}"`).join(', ')}; got ${shown(ex.order)}.${typeof ex.order === 'string' ? suggestion(ex.order, STRATEGY_ORDERS) : ''}`,
      );
    if (ex.untilStable !== undefined && typeof ex.untilStable !== 'boolean')
      add('execution.untilStable', `write true or false; got ${shown(ex.untilStable)}.`);
  });

  num(entry.sloMs, 'sloMs', '"sloMs": 50 (null for no objective)', true);

  return {
    configuration: problems.length === 0 ? (entry as unknown as RunConfiguration) : null,
    problems,
  };
}

/** Checks `traffic.arrival`; returns its kind when it is readable. */
function checkArrival(v: unknown, add: (field: string, message: string) => void): string | undefined {
  const at = 'traffic.arrival';
  const names = ARRIVAL_NAMES.map((n) => `"${n}"`).join(', ');
  const traceHint =
    'a trace of arrival times is for the command line only: batchscope profile MODEL --arrival trace:FILE.';
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    if ((ARRIVAL_NAMES as readonly string[]).includes(v)) return v;
    if (v === 'ramp') add(at, 'a ramp needs its rates: { "kind": "ramp", "fromRps": 100, "toRps": 400 }.');
    else if (v === 'trace') add(at, traceHint);
    else add(at, `write ${names} or an object with "kind"; got ${shown(v)}.${suggestion(v, ARRIVAL_NAMES)}`);
    return undefined;
  }
  if (!isObj(v)) {
    add(at, `write ${names} or an object such as { "kind": "closed", "concurrency": 16 }; got ${shown(v)}.`);
    return undefined;
  }
  const kind = v.kind;
  const kinds = Object.keys(ARRIVAL_FIELDS);
  if (typeof kind !== 'string' || !(kind in ARRIVAL_FIELDS)) {
    if (kind === 'trace') add(`${at}.kind`, traceHint);
    else
      add(
        `${at}.kind`,
        `write one of ${kinds.map((k) => `"${k}"`).join(', ')}; got ${shown(kind)}.${typeof kind === 'string' ? suggestion(kind, kinds) : ''}`,
      );
    return undefined;
  }
  const fields = ARRIVAL_FIELDS[kind];
  for (const key of Object.keys(v))
    if (!fields.includes(key))
      add(
        `${at}.${key}`,
        `a ${kind} arrival has no such field.${suggestion(key, fields)} Its fields are ${fields.join(', ')}.`,
      );
  for (const key of fields.slice(1)) {
    const value = v[key];
    if (value === undefined && kind === 'ramp')
      add(`${at}.${key}`, `a ramp needs both rates, e.g. { "kind": "ramp", "fromRps": 100, "toRps": 400 }.`);
    else if (value !== undefined && !isNum(value))
      add(`${at}.${key}`, `must be a number; got ${shown(value)}.`);
  }
  return kind;
}
