import * as fc from 'fast-check';
import { compareQuantities, isQuantity, parseQuantity, quantitySign, quantityValue } from '../../lib/shared/quantity';
import { settings } from '../property/arbitraries';

describe('parseQuantity', () => {
  test.each<[string, bigint, bigint]>([
    ['1Gi', 2n ** 30n, 1n],
    ['2E', 2n * 10n ** 18n, 1n],
    ['1Ei', 2n ** 60n, 1n],
    ['1e3', 1000n, 1n],
    ['1E3', 1000n, 1n],
    ['1.5e-3', 15n, 10000n],
    ['500m', 500n, 1000n],
    ['5n', 5n, 10n ** 9n],
    ['3u', 3n, 10n ** 6n],
    ['-2k', -2000n, 1n],
    ['+.5', 5n, 10n],
    ['1.', 1n, 1n],
    ['0', 0n, 1n],
  ])('%s', (text, numerator, denominator) => {
    const q = parseQuantity(text)!;
    expect(q.numerator * denominator).toEqual(numerator * q.denominator);
  });

  test.each(['', 'Gi', '1 Gi', '1GB', '1gi', '1e', '1Ee', '1.2.3', '--1', '1K', '1mi', '1e1.5', 'e3', '.', 'x', '1e1001', '1'.repeat(101)])(
    '%p is not a quantity', text => {
      expect(isQuantity(text)).toBe(false);
    });

  test('non-strings are not quantities', () => {
    for (const v of [undefined, null, 1, {}, [], NaN]) expect(parseQuantity(v)).toBeUndefined();
  });
});

describe('comparing and reading quantities', () => {
  test('equal values in different notations compare equal', () => {
    expect(compareQuantities('1Ki', '1024')).toBe(0);
    expect(compareQuantities('1k', '1e3')).toBe(0);
    expect(compareQuantities('0.5', '500m')).toBe(0);
    expect(compareQuantities('1Ei', '1E')).toBe(1);
    expect(compareQuantities('1Gi', 'x')).toBeUndefined();
    expect(compareQuantities(2, '2000m')).toBe(0);
  });

  test('signs and doubles', () => {
    expect(quantitySign('-1m')).toBe(-1);
    expect(quantitySign('0Gi')).toBe(0);
    expect(quantitySign('1n')).toBe(1);
    expect(quantityValue('1Ei')).toEqual(2 ** 60);
    expect(quantityValue('2E')).toEqual(2e18);
    expect(quantityValue(Infinity)).toBeUndefined();
  });
});

/**
 * The reference: a quantity built from its parts, its exact value computed from the same parts
 * with BigInt arithmetic, independently of the parser's string handling.
 */
const DECIMAL: [string, number][] = [['n', -9], ['u', -6], ['m', -3], ['', 0], ['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15], ['E', 18]];
const BINARY: [string, number][] = [['Ki', 10], ['Mi', 20], ['Gi', 30], ['Ti', 40], ['Pi', 50], ['Ei', 60]];

const quantities = fc.record({
  sign: fc.constantFrom('', '+', '-'),
  whole: fc.stringMatching(/^[0-9]{0,12}$/),
  dot: fc.boolean(),
  fraction: fc.stringMatching(/^[0-9]{0,6}$/),
  suffix: fc.oneof(
    fc.constantFrom(...DECIMAL).map(([s, e]) => ({ text: s, tens: e, twos: 0 })),
    fc.constantFrom(...BINARY).map(([s, b]) => ({ text: s, tens: 0, twos: b })),
    fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 40 }))
      .map(([e, s, n]) => ({ text: `${e}${s}${n}`, tens: s === '-' ? -n : n, twos: 0 })),
  ),
}).filter(r => r.whole !== '' || (r.dot && r.fraction !== ''));

describe('parseQuantity against exact arithmetic', () => {
  test('every well-formed quantity parses to the value of its parts', () => {
    fc.assert(fc.property(quantities, q => {
      const fraction = q.dot ? q.fraction : '';
      const text = `${q.sign}${q.whole}${q.dot ? '.' : ''}${fraction}${q.suffix.text}`;
      let numerator = BigInt(`${q.whole}${fraction}` || '0') * 2n ** BigInt(q.suffix.twos);
      let denominator = 10n ** BigInt(fraction.length);
      if (q.suffix.tens >= 0) numerator *= 10n ** BigInt(q.suffix.tens);
      else denominator *= 10n ** BigInt(-q.suffix.tens);
      if (q.sign === '-') numerator = -numerator;
      const parsed = parseQuantity(text);
      expect(parsed).toBeDefined();
      expect(parsed!.numerator * denominator).toEqual(numerator * parsed!.denominator);
    }), settings);
  });

  test('any other string is refused, never misread', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), text => {
      const grammar = /^[+-]?(\d+(\.\d*)?|\.\d+)([numkMGTPE]|[KMGTPE]i|[eE][+-]?\d+)?$/;
      const exponent = /[eE]([+-]?\d+)$/.exec(text);
      expect(isQuantity(text)).toBe(grammar.test(text) && (!exponent || Math.abs(Number(exponent[1])) <= 1000));
    }), settings);
  });
});
