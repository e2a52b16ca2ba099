/**
 * Checks a parsed JSON value against profile.schema.json (ajv, compiled once) and turns the
 * first violation into a sentence that names the field, e.g.
 * `strategies[0].summary.requests must be integer`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './profile.schema.json';

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  // strict: false because the schema uses `description` next to `$ref` and a const/enum union, both fine in draft-07.
  compiled ??= new Ajv({ allErrors: false, strict: false }).compile(schema);
  return compiled;
}

/** `/strategies/0/summary` → `strategies[0].summary`. */
function fieldName(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(top level)';
}

function describe(err: ErrorObject): string {
  const where = fieldName(err.instancePath);
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    return `${where === '(top level)' ? '' : where + '.'}${missing} is missing`;
  }
  if (err.keyword === 'additionalProperties') {
    return `${where} has an unexpected field "${(err.params as { additionalProperty: string }).additionalProperty}"`;
  }
  return `${where} ${err.message ?? 'is invalid'}`;
}

/** Returns null when `value` satisfies the profile schema, else a description of the first violation. */
export function schemaViolation(value: unknown): string | null {
  const validate = validator();
  if (validate(value)) return null;
  const errors = validate.errors ?? [];
  return errors.length ? describe(errors[0]) : 'does not match the profile schema';
}
