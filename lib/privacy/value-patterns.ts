/**
 * Ready-to-pick VALUE patterns for value matchers (`MatcherSpec.preset`).
 *
 * Every check is linear time: a length guard, then simple anchored regexes without
 * nested quantifiers, then small validator functions (Luhn, calendar, octets). Values
 * are trimmed of surrounding whitespace first because PII pasted into forms often is.
 */

export interface ValuePattern {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  test(value: string): boolean;
}

/** Luhn (mod 10) over a string of ASCII digits; false for empty or non-digit input. */
export function luhnValid(digits: string): boolean {
  if (digits.length === 0) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Calls `check` on the trimmed value when its raw length is plausible for the pattern. */
function guarded(maxLength: number, check: (v: string) => boolean): (value: string) => boolean {
  return (value) => value.length > 0 && value.length <= maxLength + 8 && check(value.trim());
}

// ---- SSN -------------------------------------------------------------------
const SSN_DASHED = /^(\d{3})-(\d{2})-(\d{4})$/;
const SSN_SPACED = /^(\d{3}) (\d{2}) (\d{4})$/;
const SSN_PLAIN = /^(\d{3})(\d{2})(\d{4})$/;

function ssn(v: string): boolean {
  const m = SSN_DASHED.exec(v) ?? SSN_SPACED.exec(v) ?? SSN_PLAIN.exec(v);
  if (!m) return false;
  const [, area, group, serial] = m;
  // SSA never issues area 000, 666 or 9xx, group 00 or serial 0000.
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

// ---- Phone -----------------------------------------------------------------
const E164 = /^\+[1-9]\d{7,14}$/;
const US_PHONE = /^(?:\+?1[-. ]?)?(?:\(\d{3}\)[-. ]?|\d{3}[-. ]?)\d{3}[-. ]?\d{4}$/;

/** NANP: area code and exchange start with 2-9; N11 codes are services, not areas. */
function validNanp(ten: string): boolean {
  return ten[0] >= '2' && ten[3] >= '2' && ten.slice(1, 3) !== '11';
}

function phone(v: string): boolean {
  if (E164.test(v)) return !v.startsWith('+1') || (v.length === 12 && validNanp(v.slice(2)));
  if (!US_PHONE.test(v)) return false;
  const digits = v.replace(/\D/g, '');
  return validNanp(digits.length === 11 ? digits.slice(1) : digits);
}

// ---- Email -----------------------------------------------------------------
/** Dot-atom characters, plus any letter/digit for internationalised (RFC 6531) addresses. */
const EMAIL_LOCAL = /^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]{1,64}$/u;
const DNS_LABEL = /^[\p{L}\p{N}-]{1,63}$/u;
const TLD = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

/** Pragmatic addr-spec: dot-atom local part (no quoted forms) @ a dotted host name. */
function email(v: string): boolean {
  const at = v.indexOf('@');
  if (at <= 0 || at !== v.lastIndexOf('@')) return false;
  const local = v.slice(0, at);
  if (!EMAIL_LOCAL.test(local) || local[0] === '.' || local.endsWith('.') || local.includes('..')) return false;
  const labels = v.slice(at + 1).split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (!DNS_LABEL.test(label) || label[0] === '-' || label.endsWith('-')) return false;
  }
  return TLD.test(labels[labels.length - 1]);
}

// ---- Credit card -----------------------------------------------------------
/** Issuer prefixes (IIN ranges) of the major networks; cuts Luhn's 1-in-10 false positives. */
function knownIssuer(d: string): boolean {
  const two = Number(d.slice(0, 2));
  const three = Number(d.slice(0, 3));
  const four = Number(d.slice(0, 4));
  return (
    d[0] === '4' || // Visa
    (two >= 51 && two <= 55) ||
    (four >= 2221 && four <= 2720) || // Mastercard
    two === 34 ||
    two === 37 || // Amex
    four === 6011 ||
    two === 65 ||
    (three >= 644 && three <= 649) || // Discover
    (three >= 300 && three <= 305) ||
    two === 36 ||
    two === 38 ||
    two === 39 || // Diners
    (four >= 3528 && four <= 3589) || // JCB
    two === 62 || // UnionPay
    two === 50 ||
    (two >= 56 && two <= 58) ||
    two === 67 ||
    four === 6304 // Maestro
  );
}

/** 13-19 digits, optionally grouped by single spaces or dashes, known issuer, Luhn-valid. */
function creditCard(v: string): boolean {
  let digits = '';
  let afterSeparator = true; // also forbids a leading separator
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits += v[i];
      afterSeparator = false;
    } else if ((c === 32 || c === 45) && !afterSeparator) afterSeparator = true;
    else return false;
  }
  if (afterSeparator || digits.length < 13 || digits.length > 19) return false;
  return knownIssuer(digits) && luhnValid(digits);
}

// ---- NPI -------------------------------------------------------------------
const NPI = /^[12]\d{9}$/;

/** CMS rule: the NPI check digit is Luhn over the card-issuer prefix 80840 + the 10 digits. */
function npi(v: string): boolean {
  return NPI.test(v) && luhnValid('80840' + v);
}

// ---- Date of birth -----------------------------------------------------------
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Real calendar date; years outside 1800-2199 are not plausible birth dates. */
function validDate(y: number, m: number, d: number): boolean {
  return y >= 1800 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function dateOfBirth(v: string): boolean {
  let m = ISO_DATE.exec(v);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = US_DATE.exec(v);
  return m !== null && validDate(Number(m[3]), Number(m[1]), Number(m[2]));
}

// ---- ICD-10 ------------------------------------------------------------------
/** Category (E11), dotted (E11.9, S72.001A, T81.4XXA) or undotted claim form (S72001A). */
const ICD10 = /^[A-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4}|[0-9A-Z]{1,4})?$/;

// ---- IP addresses ------------------------------------------------------------
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** Dotted quad, each octet 0-255 without leading zeros (which some parsers read as octal). */
function ipv4(v: string): boolean {
  const m = IPV4.exec(v);
  if (!m) return false;
  for (let i = 1; i <= 4; i++) {
    const octet = m[i];
    if (Number(octet) > 255 || (octet.length > 1 && octet[0] === '0')) return false;
  }
  return true;
}

/** RFC 4291 text forms: 8 groups, one `::` compression, optional trailing IPv4. No zone ids. */
function ipv6(v: string): boolean {
  let s = v;
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return false;
  if (s.indexOf('.', lastColon) >= 0) {
    if (!ipv4(s.slice(lastColon + 1))) return false;
    s = s.slice(0, lastColon + 1) + '0:0'; // the IPv4 tail occupies two groups
  }
  const gap = s.indexOf('::');
  if (gap !== s.lastIndexOf('::')) return false; // several `::`, or `:::`
  if (gap < 0) {
    const groups = s.split(':');
    return groups.length === 8 && groups.every((g) => HEX_GROUP.test(g));
  }
  const left = gap === 0 ? [] : s.slice(0, gap).split(':');
  const right = gap + 2 === s.length ? [] : s.slice(gap + 2).split(':');
  return (
    left.length + right.length <= 7 && left.every((g) => HEX_GROUP.test(g)) && right.every((g) => HEX_GROUP.test(g))
  );
}

export const VALUE_PATTERNS: readonly ValuePattern[] = Object.freeze([
  {
    id: 'ssn',
    name: 'SSN',
    description:
      'US Social Security number: 123-45-6789, 123 45 6789 or 123456789 (SSA-invalid areas, groups and serials excluded).',
    test: guarded(11, ssn),
  },
  {
    id: 'us_phone',
    name: 'Phone number (US / E.164)',
    description:
      'E.164 (+14155552671, any country) or NANP formats such as (415) 555-2671, 415.555.2671, 1-415-555-2671.',
    test: guarded(20, phone),
  },
  {
    id: 'email',
    name: 'Email address',
    description: 'name@example.com style address (dot-atom local part, dotted domain with a real TLD shape).',
    test: guarded(254, email),
  },
  {
    id: 'credit_card',
    name: 'Credit card number',
    description:
      '13-19 digits, optionally grouped by spaces or dashes, with a major-network prefix and a valid Luhn check digit.',
    test: guarded(25, creditCard),
  },
  {
    id: 'npi',
    name: 'NPI',
    description: 'US National Provider Identifier: 10 digits starting with 1 or 2, Luhn-valid with the 80840 prefix.',
    test: guarded(10, npi),
  },
  {
    id: 'date_of_birth',
    name: 'Date of birth',
    description: 'A real calendar date written yyyy-mm-dd or mm/dd/yyyy (years 1800-2199).',
    test: guarded(10, dateOfBirth),
  },
  {
    id: 'icd10',
    name: 'ICD-10 code',
    description: 'ICD-10 diagnosis code shape, e.g. E11, E11.9, S72.001A or undotted S72001A.',
    test: guarded(8, (v) => ICD10.test(v)),
  },
  {
    id: 'ipv4',
    name: 'IPv4 address',
    description: 'Dotted-quad IPv4 address such as 192.168.0.1.',
    test: guarded(15, ipv4),
  },
  {
    id: 'ipv6',
    name: 'IPv6 address',
    description: 'IPv6 address in full, compressed (2001:db8::1) or IPv4-mapped (::ffff:192.0.2.1) form.',
    test: guarded(45, ipv6),
  },
]);

const BY_ID: ReadonlyMap<string, ValuePattern> = new Map(VALUE_PATTERNS.map((p) => [p.id, p]));

export function getValuePattern(id: string): ValuePattern | undefined {
  return BY_ID.get(id);
}
