/**
 * Resource quantities as the API server parses them (k8s.io/apimachinery/pkg/api/resource,
 * `ParseQuantity`), held exactly: `'2E'` is 2×10^18, `'1Ei'` is 2^60, `'1e3'` is 1000, `'500m'`
 * is 1/2. Floating point would read `'1Ei'` and `'1E'` close enough to compare most claims, but
 * not equal ones, and the old regex-based reader got `E` and `Ei` wrong outright.
 *
 *   <quantity>     ::= <sign>? <number> <suffix>
 *   <number>       ::= <digits> | <digits> '.' <digits>? | '.' <digits>
 *   <suffix>       ::= '' | n | u | m | k | M | G | T | P | E       (10^-9 ... 10^18)
 *                    | Ki | Mi | Gi | Ti | Pi | Ei                  (2^10 ... 2^60)
 *                    | (e | E) <sign>? <digits>                     (10^exponent)
 */

/** A quantity as an exact fraction: `numerator / denominator`, the denominator a power of ten. */
export interface ExactQuantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const GRAMMAR = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([numkMGTPE]|[KMGTPE]i)|[eE]([+-]?\d+))?$/;
const DECIMAL_EXPONENTS: { [suffix: string]: number } = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY_EXPONENTS: { [suffix: string]: number } = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
/**
 * The API server keeps at most this many digits of a quantity's exponent (inf.Dec's scale is an
 * int32); far below that, an exponent like `1e999999999` only makes the exact value huge.
 */
const MAX_EXPONENT = 1000;
/** Longer strings are not quantities anyone means; refusing them keeps parsing linear and small. */
const MAX_LENGTH = 100;

/** Parses a quantity string exactly; undefined when it is not one. */
export function parseQuantity(value: unknown): ExactQuantity | undefined {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return undefined;
  const match = GRAMMAR.exec(value);
  if (!match) return undefined;
  const [, sign, number, suffix, exponentText] = match;
  const [whole, fraction = ''] = number.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0');
  let tens = -fraction.length;
  let twos = 0;
  if (exponentText !== undefined) {
    const exponent = Number(exponentText);
    if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
    tens += exponent;
  } else if (suffix !== undefined && suffix in BINARY_EXPONENTS) {
    twos = BINARY_EXPONENTS[suffix];
  } else {
    tens += DECIMAL_EXPONENTS[suffix ?? ''];
  }
  numerator *= 2n ** BigInt(twos);
  let denominator = 1n;
  if (tens >= 0) numerator *= 10n ** BigInt(tens);
  else denominator = 10n ** BigInt(-tens);
  return { numerator: sign === '-' ? -numerator : numerator, denominator };
}

/** Whether a string is a quantity the API server accepts. */
export function isQuantity(value: unknown): boolean {
  return parseQuantity(value) !== undefined;
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`; undefined when either is not a quantity. */
export function compareQuantities(a: unknown, b: unknown): number | undefined {
  const x = toExact(a);
  const y = toExact(b);
  if (!x || !y) return undefined;
  const left = x.numerator * y.denominator;
  const right = y.numerator * x.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The sign of a quantity (-1, 0, 1); undefined when it is not one. */
export function quantitySign(value: unknown): number | undefined {
  return compareQuantities(value, '0');
}

/**
 * The value of a quantity in base units (`1Gi` → 1073741824, `500m` → 0.5), as a double, for
 * messages and rough arithmetic; undefined when it is not a quantity. A number passes through.
 * Compare with `compareQuantities`, which is exact.
 */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const q = parseQuantity(value);
  if (!q) return undefined;
  // Integer part and the rest separately, so that huge and tiny values both keep their digits.
  const whole = q.numerator / q.denominator;
  const rest = q.numerator - whole * q.denominator;
  return Number(whole) + Number(rest) / Number(q.denominator);
}

/** Numbers too (YAML `cpu: 2`): the API server reads a JSON number as a quantity. */
function toExact(value: unknown): ExactQuantity | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // A double's shortest decimal rendering (`0.1`, `1e+21`) is what YAML holds: 0.1 means 1/10.
    return parseQuantity(String(value));
  }
  return parseQuantity(value);
}

