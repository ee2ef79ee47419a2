/**
 * Exact decimal numbers for DECIMAL and integer arithmetic (MySQL never rounds a DECIMAL sum):
 * an unscaled BigInt and a scale, so 12.50 is { units: 1250n, scale: 2 }.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^\s*([+-])?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?\s*$/;

/** Parses MySQL's decimal text (also integers and exponent forms); undefined when it is not a number. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL_TEXT.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  let units = BigInt((m[2] || '0') + frac);
  let scale = frac.length;
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    const shift = Math.min(exp, scale);
    scale -= shift;
    if (exp > shift) units *= 10n ** BigInt(exp - shift);
  } else if (exp < 0) {
    scale -= exp;
  }
  return { units: m[1] === '-' ? -units : units, scale };
}

export function rescale(d: Decimal, scale: number): bigint {
  if (scale === d.scale) return d.units;
  if (scale > d.scale) return d.units * 10n ** BigInt(scale - d.scale);
  // Round half away from zero, as MySQL does.
  const div = 10n ** BigInt(d.scale - scale);
  const q = d.units / div;
  const r = d.units % div;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= div) return d.units < 0n ? q - 1n : q + 1n;
  return q;
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function subDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** MySQL's `/` on exact numbers: the dividend's scale plus div_precision_increment (4), rounded. undefined on division by zero. */
export function divDecimal(a: Decimal, b: Decimal, increment = 4): Decimal | undefined {
  if (b.units === 0n) return undefined;
  const scale = a.scale + increment;
  // a/b at `scale` digits, one extra digit to round half away from zero.
  const num = a.units * 10n ** BigInt(scale + 1 + b.scale - a.scale);
  let q = num / b.units;
  const neg = q < 0n;
  if (neg) q = -q;
  q = (q + 5n) / 10n;
  return { units: neg ? -q : q, scale };
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function formatDecimal(d: Decimal): string {
  const neg = d.units < 0n;
  let digits = (neg ? -d.units : d.units).toString();
  if (d.scale <= 0) return (neg ? '-' : '') + digits + '0'.repeat(-d.scale);
  digits = digits.padStart(d.scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, digits.length - d.scale)}.${digits.slice(digits.length - d.scale)}`;
}

export function decimalToNumber(d: Decimal): number {
  return Number(formatDecimal(d));
}
