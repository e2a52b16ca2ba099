/**
 * A small writer of protobuf text format (textproto / .pbtxt), the format of Triton's
 * config.pbtxt and TF Serving's batching parameters file. Only what those files need: scalars,
 * enum names, strings, lists of numbers, nested messages and lists of messages.
 */

/** An enum value, written bare (`TYPE_FP32`), unlike a string. */
export interface EnumValue {
  enum: string;
}

export type TextprotoField =
  | { name: string; value: number | boolean | string | EnumValue }
  | { name: string; list: readonly number[] }
  | { name: string; message: readonly TextprotoField[] }
  | { name: string; messages: ReadonlyArray<readonly TextprotoField[]> }
  | { comment: string };

/** `{ enum: name }` */
export function enumValue(name: string): EnumValue {
  return { enum: name };
}

/** The fields as text, two spaces per level of nesting, ending in a newline. */
export function writeTextproto(fields: readonly TextprotoField[]): string {
  return lines(fields, '').join('\n') + '\n';
}

function lines(fields: readonly TextprotoField[], indent: string): string[] {
  const out: string[] = [];
  for (const field of fields) {
    if ('comment' in field) out.push(`${indent}# ${field.comment}`);
    else if ('value' in field) out.push(`${indent}${field.name}: ${scalar(field.value)}`);
    else if ('list' in field)
      out.push(
        `${indent}${field.name}: ${field.list.length > 0 ? `[ ${field.list.map(number).join(', ')} ]` : '[ ]'}`,
      );
    else if ('message' in field)
      out.push(`${indent}${field.name} {`, ...lines(field.message, indent + '  '), `${indent}}`);
    else {
      out.push(`${indent}${field.name} [`);
      field.messages.forEach((message, i) => {
        const last = i === field.messages.length - 1;
        out.push(`${indent}  {`, ...lines(message, indent + '    '), `${indent}  }${last ? '' : ','}`);
      });
      out.push(`${indent}]`);
    }
  }
  return out;
}

function scalar(value: number | boolean | string | EnumValue): string {
  if (typeof value === 'number') return number(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value); // C-style escapes, valid in textproto
  return value.enum;
}

function number(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`textproto: ${value} is not a finite number`);
  return String(value);
}
