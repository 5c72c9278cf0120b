/**
 * Tokens of the `[transform] drop_when` language. A regex literal (`/…/flags`) is read only right
 * after `=~` or `!~`, so a `/` anywhere else is an error instead of a surprise.
 */
export type Token =
  | { kind: 'field'; text: string; column: number }
  | { kind: 'string'; value: string; column: number }
  | { kind: 'number'; value: number; column: number }
  | { kind: 'literal'; value: boolean | null; column: number }
  | { kind: 'regex'; value: RegExp; column: number }
  | { kind: 'op'; text: Operator; column: number }
  | { kind: 'punct'; text: '(' | ')' | 'and' | 'or' | 'not'; column: number };

export type Operator = '==' | '!=' | '=~' | '!~' | '<' | '<=' | '>' | '>=';

const FIELD = /[A-Za-z_@][A-Za-z0-9_@]*(?:\.[A-Za-z_@][A-Za-z0-9_@]*)*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?![A-Za-z0-9_.])/y;
const OPERATOR = /==|!=|=~|!~|<=|>=|<|>|&&|\|\||!|\(|\)/y;
const SPACE = /\s+/y;
const WORDS: Readonly<Record<string, Token['kind'] | undefined>> = { and: 'punct', or: 'punct', not: 'punct', true: 'literal', false: 'literal', null: 'literal' };

export class ConditionSyntaxError extends Error {
  constructor(message: string, column: number) {
    super(`${message} at column ${column}`);
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    SPACE.lastIndex = i;
    if (SPACE.test(text)) {
      i = SPACE.lastIndex;
      continue;
    }
    const column = i + 1;
    const char = text[i]!;
    const previous = tokens[tokens.length - 1];
    if (char === '/' && previous?.kind === 'op' && (previous.text === '=~' || previous.text === '!~')) {
      const { regex, end } = readRegex(text, i);
      tokens.push({ kind: 'regex', value: regex, column });
      i = end;
      continue;
    }
    if (char === '"' || char === "'") {
      const { value, end } = readString(text, i);
      tokens.push({ kind: 'string', value, column });
      i = end;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), column });
      i = NUMBER.lastIndex;
      continue;
    }
    FIELD.lastIndex = i;
    const field = FIELD.exec(text);
    if (field) {
      const word = field[0];
      const kind = Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
      if (kind === 'punct') tokens.push({ kind, text: word as 'and' | 'or' | 'not', column });
      else if (kind === 'literal') tokens.push({ kind, value: word === 'null' ? null : word === 'true', column });
      else tokens.push({ kind: 'field', text: word, column });
      i = FIELD.lastIndex;
      continue;
    }
    OPERATOR.lastIndex = i;
    const operator = OPERATOR.exec(text);
    if (operator) {
      const op = operator[0];
      if (op === '&&') tokens.push({ kind: 'punct', text: 'and', column });
      else if (op === '||') tokens.push({ kind: 'punct', text: 'or', column });
      else if (op === '!') tokens.push({ kind: 'punct', text: 'not', column });
      else if (op === '(' || op === ')') tokens.push({ kind: 'punct', text: op, column });
      else tokens.push({ kind: 'op', text: op as Operator, column });
      i = OPERATOR.lastIndex;
      continue;
    }
    throw new ConditionSyntaxError(`unexpected ${JSON.stringify(char)}`, column);
  }
  return tokens;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r' };

function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === quote) return { value, end: i + 1 };
    if (char === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      value += ESCAPES[next] ?? next;
    } else {
      value += char;
    }
  }
  throw new ConditionSyntaxError('unterminated string', start + 1);
}

function readRegex(text: string, start: number): { regex: RegExp; end: number } {
  let inClass = false;
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
    } else if (char === '[') {
      inClass = true;
    } else if (char === ']') {
      inClass = false;
    } else if (char === '/' && !inClass) {
      const flags = /^[imsu]*/.exec(text.slice(i + 1))![0];
      try {
        return { regex: new RegExp(text.slice(start + 1, i), flags), end: i + 1 + flags.length };
      } catch (err) {
        throw new ConditionSyntaxError(`invalid regular expression: ${(err as Error).message}`, start + 1);
      }
    }
  }
  throw new ConditionSyntaxError('unterminated regular expression (a ";" or "#" starts an INI comment: write "\\;" or "\\#")', start + 1);
}
