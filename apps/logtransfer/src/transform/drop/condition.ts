import { getPath, splitPath, type Fields } from '../fields/fields.js';
import { ConditionSyntaxError, tokenize, type Operator, type Token } from './condition-lexer.js';

/**
 * `[transform] drop_when`: a small condition over document fields, compiled once into a tree of
 * predicates. No eval, no function calls, no loops: a condition costs a few field lookups and
 * comparisons per document.
 *
 * ```
 * condition  := or
 * or         := and ( ("or" | "||") and )*
 * and        := not ( ("and" | "&&") not )*
 * not        := ("not" | "!") not | "(" condition ")" | comparison
 * comparison := field op value
 * op         := == != < <= > >=   (value: "string", 'string', number, true, false, null)
 *             | =~ !~            (value: /regex/flags)
 * ```
 *
 * A field is a dotted path (`log.level`). `== null` is true for a missing field. On an array
 * (`tags`), `==` and `=~` hold when any item does; `!=` and `!~` are their negations. Values
 * compare by type: `"499"` is not `499`.
 */
export type Condition = (document: Fields) => boolean;

/** @throws ConditionSyntaxError saying what was expected, with the column. */
export function compileCondition(text: string): Condition {
  const parser = new ConditionParser(tokenize(text), text.length + 1);
  const condition = parser.parseOr();
  parser.expectEnd();
  return condition;
}

class ConditionParser {
  private i = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly endColumn: number,
  ) {}

  parseOr(): Condition {
    let left = this.parseAnd();
    while (this.isPunct('or')) {
      this.i++;
      const a = left;
      const b = this.parseAnd();
      left = (document) => a(document) || b(document);
    }
    return left;
  }

  expectEnd(): void {
    const token = this.tokens[this.i];
    if (token) throw new ConditionSyntaxError(`expected "and", "or" or the end, found ${describe(token)}`, token.column);
  }

  private parseAnd(): Condition {
    let left = this.parseNot();
    while (this.isPunct('and')) {
      this.i++;
      const a = left;
      const b = this.parseNot();
      left = (document) => a(document) && b(document);
    }
    return left;
  }

  private parseNot(): Condition {
    if (this.isPunct('not')) {
      this.i++;
      const inner = this.parseNot();
      return (document) => !inner(document);
    }
    if (this.isPunct('(')) {
      this.i++;
      const inner = this.parseOr();
      if (!this.isPunct(')')) throw this.expected('")"');
      this.i++;
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): Condition {
    const field = this.tokens[this.i];
    if (field?.kind !== 'field') throw this.expected('a field name such as log.level, "not" or "("');
    this.i++;
    const op = this.tokens[this.i];
    if (op?.kind !== 'op') throw this.expected(`an operator (==, !=, =~, !~, <, <=, >, >=) after ${field.text}`);
    this.i++;
    const value = this.tokens[this.i];
    const path = splitPath(field.text);
    if (op.text === '=~' || op.text === '!~') {
      if (value?.kind !== 'regex') throw this.expected(`a /regular expression/ after ${op.text}`);
      this.i++;
      return regexComparison(path, op.text, value.value);
    }
    if (value?.kind !== 'string' && value?.kind !== 'number' && value?.kind !== 'literal') {
      throw this.expected(`a value ("text", a number, true, false or null) after ${op.text}`);
    }
    this.i++;
    const text = op.text;
    if (text === '==' || text === '!=') return equality(path, text, value.value);
    if (value.kind !== 'number') throw new ConditionSyntaxError(`${text} compares numbers, found ${describe(value)}`, value.column);
    return ordering(path, text, value.value);
  }

  private isPunct(text: string): boolean {
    const token = this.tokens[this.i];
    return token?.kind === 'punct' && token.text === text;
  }

  private expected(what: string): ConditionSyntaxError {
    const token = this.tokens[this.i];
    return new ConditionSyntaxError(`expected ${what}, found ${token ? describe(token) : 'the end'}`, token?.column ?? this.endColumn);
  }
}

function equality(path: readonly string[], op: '==' | '!=', expected: string | number | boolean | null): Condition {
  const equal = (value: unknown): boolean => (expected === null ? value === undefined || value === null : value === expected);
  const holds = (document: Fields): boolean => {
    const value = getPath(document, path);
    return Array.isArray(value) ? value.some(equal) : equal(value);
  };
  return op === '==' ? holds : (document) => !holds(document);
}

function regexComparison(path: readonly string[], op: '=~' | '!~', regex: RegExp): Condition {
  const test = (value: unknown): boolean => typeof value === 'string' && regex.test(value);
  const holds = (document: Fields): boolean => {
    const value = getPath(document, path);
    return Array.isArray(value) ? value.some(test) : test(value);
  };
  return op === '=~' ? holds : (document) => !holds(document);
}

function ordering(path: readonly string[], op: Exclude<Operator, '==' | '!=' | '=~' | '!~'>, bound: number): Condition {
  return (document) => {
    const value = getPath(document, path);
    if (typeof value !== 'number') return false;
    switch (op) {
      case '<': return value < bound;
      case '<=': return value <= bound;
      case '>': return value > bound;
      case '>=': return value >= bound;
    }
  };
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'field':
    case 'op':
    case 'punct':
      return JSON.stringify(token.text);
    case 'regex':
      return String(token.value);
    default:
      return JSON.stringify(token.value);
  }
}
