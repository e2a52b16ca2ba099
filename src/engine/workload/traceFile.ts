/**
 * Reads an arrival trace: arrival timestamps or inter-arrival gaps in milliseconds, from CSV
 * (one number per line, or the first column; an optional header line; `#` comments) or JSON
 * (an array of numbers, or `{ "timestamps": [...] }` / `{ "gaps": [...] }`).
 */
import * as fs from 'fs';
import * as path from 'path';

export type TraceFormat = 'timestamps' | 'gaps';

/** A trace as read: arrival offsets in ms from the first arrival, and how the numbers were read. */
export interface Trace {
  offsetsMs: Float64Array;
  format: TraceFormat;
}

/** A number from the file and where it was, so errors can point at it. */
interface TraceValues {
  values: number[];
  /** Human-readable location of values[i], e.g. "line 4" or "entry 3". */
  where: (i: number) => string;
  /** Format the file itself declares (a JSON object key), if any. */
  declared?: TraceFormat;
}

/**
 * Loads a trace and returns arrival offsets in ms from the first arrival (ascending, first = 0).
 * Without `format`, a non-decreasing series starting at >= 0 is read as timestamps, anything
 * else as gaps (a gap file whose gaps never shrink looks like timestamps: pass the format then).
 * @throws Error naming the file (and line or entry) when it cannot be read or holds bad values.
 */
export function loadTrace(file: string, format?: TraceFormat): Float64Array {
  return readTrace(file, format).offsetsMs;
}

/** Like loadTrace, but also says which format was used (detected or given). */
export function readTrace(file: string, format?: TraceFormat): Trace {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new Error(`cannot read arrival trace ${file}: ${reason}`);
  }
  const parsed = looksLikeJson(file, text) ? parseJson(file, text) : parseCsv(file, text);
  if (parsed.values.length === 0) {
    throw new Error(`arrival trace ${file} holds no arrivals; expected arrival times in ms, one per line`);
  }
  if (format && parsed.declared && format !== parsed.declared) {
    throw new Error(`arrival trace ${file} declares "${parsed.declared}" but ${format} was asked for`);
  }
  const chosen = format ?? parsed.declared ?? detectFormat(parsed.values);
  return { offsetsMs: toOffsets(file, parsed, chosen), format: chosen };
}

function looksLikeJson(file: string, text: string): boolean {
  if (path.extname(file).toLowerCase() === '.json') return true;
  const first = text.trimStart()[0];
  return first === '[' || first === '{';
}

function parseJson(file: string, text: string): TraceValues {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`arrival trace ${file} is not valid JSON: ${(err as Error).message}`);
  }
  let declared: TraceFormat | undefined;
  let list: unknown = data;
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    if (Array.isArray(obj.timestamps)) declared = 'timestamps';
    else if (Array.isArray(obj.gaps)) declared = 'gaps';
    else {
      throw new Error(
        `arrival trace ${file}: a JSON object must hold an array "timestamps" or "gaps" (ms), ` +
          'or the file may be a plain array of numbers',
      );
    }
    list = obj[declared];
  }
  if (!Array.isArray(list)) {
    throw new Error(`arrival trace ${file}: expected a JSON array of arrival times in ms`);
  }
  const values = list.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`arrival trace ${file}, entry ${i + 1}: ${JSON.stringify(v)} is not a number of ms`);
    }
    return v;
  });
  return { values, where: (i) => `entry ${i + 1}`, declared };
}

function parseCsv(file: string, text: string): TraceValues {
  const values: number[] = [];
  const lines: number[] = [];
  const rows = text.split(/\r?\n/);
  let seenContent = false;
  for (let n = 0; n < rows.length; n++) {
    const row = rows[n].trim();
    if (row === '' || row.startsWith('#')) continue;
    const cell = row
      .split(/[,;\t]/)[0]
      .trim()
      .replace(/^"(.*)"$/, '$1');
    const value = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(value)) {
      // The first non-empty line may be a header such as "timestamp_ms".
      if (!seenContent && /[a-z_]/i.test(cell)) {
        seenContent = true;
        continue;
      }
      throw new Error(
        `arrival trace ${file}, line ${n + 1}: "${cell}" is not a number ` +
          '(expected arrival times or gaps in ms, one per line or in the first column)',
      );
    }
    seenContent = true;
    values.push(value);
    lines.push(n + 1);
  }
  return { values, where: (i) => `line ${lines[i]}` };
}

function detectFormat(values: number[]): TraceFormat {
  if (values[0] < 0) return 'gaps';
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) return 'gaps';
  return 'timestamps';
}

function toOffsets(file: string, parsed: TraceValues, format: TraceFormat): Float64Array {
  const { values, where } = parsed;
  const out = new Float64Array(values.length);
  if (format === 'timestamps') {
    for (let i = 1; i < values.length; i++) {
      if (values[i] < values[i - 1]) {
        throw new Error(
          `arrival trace ${file}, ${where(i)}: timestamp ${values[i]} is earlier than the one before ` +
            `(${values[i - 1]}); timestamps must not decrease (if the file holds gaps, say so: format gaps)`,
        );
      }
    }
    for (let i = 0; i < values.length; i++) out[i] = values[i] - values[0];
    return out;
  }
  // Gaps: values[i] is the time since the previous arrival; the first arrival starts the trace.
  let t = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < 0) {
      throw new Error(
        `arrival trace ${file}, ${where(i)}: gap ${values[i]} is negative; gaps must be >= 0 ms`,
      );
    }
    if (i > 0) t += values[i];
    out[i] = t;
  }
  return out;
}
