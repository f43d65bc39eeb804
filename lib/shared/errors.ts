import { IConstruct } from 'constructs';

/**
 * The one error this library throws, at construction and at synth, in one format:
 *
 *   <Construct> '<path>': invalid <prop> <value>: <rule>
 *
 * e.g. `ExposedWebApp 'prod/web': invalid nodePort 80: must be within 30000-32767`.
 * The construct path finds the call site, the prop and value say what was given, the rule
 * says what would be accepted. Tests match on it with
 * `expect(() => ...).toThrow(PatternValidationError)` and read `prop` and `rule`.
 *
 * It is an `Error` at run time (`instanceof Error`, a stack trace); it does not say
 * `extends Error` because jsii cannot export a subclass of a JavaScript built-in.
 */
export class PatternValidationError {
  /** Always `PatternValidationError`. */
  public readonly name: string;
  /** The whole message in the library's format. */
  public readonly message: string;
  /** Where it was thrown. */
  public readonly stack?: string;

  /**
   * @param constructType the construct's type as users wrote it (`ExposedWebApp`)
   * @param constructPath the construct's path (`prod/web`)
   * @param prop the prop the user passed, nested as `ingress.hosts[0]`
   * @param value the value given
   * @param rule what would be accepted
   */
  constructor(
    public readonly constructType: string,
    public readonly constructPath: string,
    public readonly prop: string,
    public readonly value: any,
    public readonly rule: string,
  ) {
    this.name = 'PatternValidationError';
    this.message = formatViolation(constructType, constructPath, prop, value, rule);
    const trace = { stack: '' };
    Error.captureStackTrace?.(trace, PatternValidationError);
    this.stack = `${this.name}: ${this.message}${trace.stack.replace(/^[^\n]*/, '')}`;
  }
}
// An Error at run time: instanceof, stack printing and test matchers treat it as one.
Object.setPrototypeOf(PatternValidationError.prototype, Error.prototype);

/** Matches every message this library produces; tests and users can rely on it. */
export const VIOLATION_FORMAT = /^[A-Za-z][A-Za-z0-9]* '[^']*': invalid [^\s]+ .+: .+$/s;

const MAX_VALUE_LENGTH = 120;

/** Renders a user-given value for a message: strings quoted, long values cut. */
export function formatValue(value: unknown): string {
  let text: string;
  if (value === undefined) {
    text = 'undefined';
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    text = String(value);
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 3)}...` : text;
}

export function formatViolation(constructType: string, constructPath: string, prop: string, value: unknown, rule: string): string {
  return `${constructType} '${escapeText(constructPath, "'")}': invalid ${escapeText(prop)} ${formatValue(value)}: ${rule}`;
}

/**
 * A prop path (or construct path) as messages write it: a user's map key in it
 * (`add["x-h\\n"]`) may hold line breaks or other invisible characters, escaped as JSON would
 * so the message stays one line; `quote` (the `'` around a construct path) is escaped too.
 */
function escapeText(text: string, quote = ''): string {
  // eslint-disable-next-line no-control-regex
  const special = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|(?! )\s/;
  return [...text].map(c => {
    if (c !== quote && !special.test(c)) return c;
    const json = JSON.stringify(c).slice(1, -1);
    return json !== c ? json : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }).join('');
}

/**
 * Where a check reports from: the construct's type name (as users wrote it), its path and,
 * for nested prop structs, the prefix that leads to the prop (`ingress.host`).
 */
export class Reporter {
  constructor(
    private readonly scope: IConstruct,
    private readonly constructType: string,
    private readonly prefix = '',
  ) {}

  /** Throws the common-format error at construction. */
  public fail(prop: string, value: unknown, rule: string): never {
    throw new PatternValidationError(this.constructType, this.scope.node.path, this.prefix + prop, value, rule);
  }

  /** The common-format message, for checks that run at synth through `node.addValidation`. */
  public message(prop: string, value: unknown, rule: string): string {
    return formatViolation(this.constructType, this.scope.node.path, this.prefix + prop, value, rule);
  }

  /** A reporter for a nested prop struct: `child('ingress').fail('host', ...)` names `ingress.host`. */
  public child(prop: string): Reporter {
    return new Reporter(this.scope, this.constructType, `${this.prefix}${prop}.`);
  }
}
