/**
 * A small reader of protobuf text format for tests: parses a .pbtxt into nested objects so a
 * test can check field names, nesting and values of what an export wrote, without trusting the
 * writer that produced it. Every field maps to the list of its values (any field may repeat);
 * `[a, b]` lists count as repeated values, `#` starts a comment.
 */

/** An enum value or other bare identifier (`TYPE_FP32`, `KIND_CPU`); `true`/`false` read as booleans. */
export interface Ident {
  ident: string;
}

export type TextprotoValue = number | boolean | string | Ident | TextprotoMessage;

export interface TextprotoMessage {
  [field: string]: TextprotoValue[];
}

type Token =
  { kind: 'punct'; text: string } | { kind: 'string'; text: string } | { kind: 'word'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else if ('{}[]:,;'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') {
          const next = text[j + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          j += 2;
        } else value += text[j++];
      }
      if (j >= text.length) throw new Error(`textproto: unterminated string at offset ${i}`);
      tokens.push({ kind: 'string', text: value });
      i = j + 1;
    } else {
      const m = /^[A-Za-z0-9_.+-]+/.exec(text.slice(i));
      if (!m) throw new Error(`textproto: unexpected "${c}" at offset ${i}`);
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/**
 * Parses protobuf text format.
 * @throws Error naming the offending token when the text is not well-formed
 */
export function parseTextproto(text: string): TextprotoMessage {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const expect = (punct: string): void => {
    const t = tokens[pos++];
    if (t?.kind !== 'punct' || t.text !== punct)
      throw new Error(`textproto: expected "${punct}", got ${t ? `"${t.text}"` : 'the end'}`);
  };
  const isPunct = (t: Token | undefined, p: string): boolean => t?.kind === 'punct' && t.text === p;

  const scalar = (): TextprotoValue => {
    const t = tokens[pos++];
    if (!t) throw new Error('textproto: value expected, got the end');
    if (t.kind === 'string') return t.text;
    if (t.kind === 'punct') throw new Error(`textproto: value expected, got "${t.text}"`);
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    if (/^[-+]?(\d|\.\d)/.test(t.text)) {
      const n = Number(t.text);
      if (Number.isNaN(n)) throw new Error(`textproto: bad number "${t.text}"`);
      return n;
    }
    return { ident: t.text };
  };

  const value = (): TextprotoValue => (isPunct(peek(), '{') ? message(true) : scalar());

  const message = (braced: boolean): TextprotoMessage => {
    if (braced) expect('{');
    const fields: TextprotoMessage = {};
    for (;;) {
      const t = peek();
      if (!t) {
        if (braced) throw new Error('textproto: missing "}"');
        return fields;
      }
      if (isPunct(t, '}')) {
        if (!braced) throw new Error('textproto: unexpected "}"');
        pos++;
        return fields;
      }
      if (isPunct(t, ',') || isPunct(t, ';')) {
        pos++;
        continue;
      }
      if (t.kind !== 'word') throw new Error(`textproto: field name expected, got "${t.text}"`);
      pos++;
      const name = t.text;
      const values = (fields[name] ??= []);
      if (isPunct(peek(), ':')) pos++;
      else if (!isPunct(peek(), '{') && !isPunct(peek(), '['))
        throw new Error(`textproto: ":" expected after ${name}`);
      if (isPunct(peek(), '[')) {
        pos++;
        while (!isPunct(peek(), ']')) {
          values.push(value());
          if (isPunct(peek(), ',')) pos++;
          else if (!isPunct(peek(), ']')) throw new Error(`textproto: "," or "]" expected in ${name}`);
        }
        pos++;
      } else values.push(value());
    }
  };

  return message(false);
}

/** Whether a value is a nested message. */
export function isMessage(v: TextprotoValue): v is TextprotoMessage {
  return typeof v === 'object' && !('ident' in v);
}

/**
 * The one value at a dotted path (`dynamic_batching.default_queue_policy.max_queue_size`).
 * @throws Error saying which step is missing or repeated
 */
export function one(message: TextprotoMessage, path: string): TextprotoValue {
  let current: TextprotoValue = message;
  for (const step of path.split('.')) {
    if (!isMessage(current)) throw new Error(`${path}: ${step} is below a scalar`);
    const values: TextprotoValue[] | undefined = current[step];
    if (!values || values.length === 0) throw new Error(`${path}: no ${step}`);
    if (values.length > 1) throw new Error(`${path}: ${step} is repeated (${values.length} values)`);
    current = values[0];
  }
  return current;
}

/** Every value of a field (the empty list when it is absent). */
export function all(message: TextprotoMessage, field: string): TextprotoValue[] {
  return message[field] ?? [];
}
