/**
 * Segment Privacy Portal's default PII matchers (on by default, matched on KEY).
 *
 * Each matcher lists the normalised key forms it hits exactly (see `normalizeKey`).
 * Besides the canonical name we add only spellings of the *same concept* that are
 * common as field names (`zip`, `postal code`, `dob`, `e-mail` → `e mail`, …), plus the
 * run-together spelling of every multi-word form (`firstname`), because normalisation
 * cannot split a key that carries no case or separator hint. Plurals, prefixes and
 * suffixes are deliberately NOT added: `emails`, `xemail`, `email2` do not match.
 */
import { normalizeKey } from './normalize';
import type { Color, MatcherSpec, SynonymSpec } from './types';

export interface DefaultMatcher {
  /** Stable id, e.g. `first_name`; also used as the MatcherSpec id. */
  readonly key: string;
  /** Display name, e.g. `First Name`. */
  readonly name: string;
  readonly color: Color;
  readonly matchOn: 'key';
  /** Normalised key forms; the first is the canonical one. */
  readonly patterns: readonly string[];
}

type Row = readonly [key: string, name: string, forms: readonly string[]];

const RED: readonly Row[] = [
  ['ssn', 'SSN', ['ssn', 'social security number']],
  ['password', 'Password', ['password']],
  ['visa', 'Visa', ['visa']],
  ['veteran', 'Veteran', ['veteran']],
  ['disability', 'Disability', ['disability']],
  ['credit_card', 'Credit Card', ['credit card', 'credit card number']],
  ['passport', 'Passport', ['passport', 'passport number']],
  ['token', 'Token', ['token']],
];

const YELLOW: readonly Row[] = [
  ['race', 'Race', ['race']],
  ['birthdate', 'Birthdate', ['birthdate', 'birth date', 'date of birth', 'dob', 'birthday']],
  ['phone', 'Phone', ['phone', 'phone number', 'telephone']],
  ['address', 'Address', ['address']],
  ['gender', 'Gender', ['gender']],
  ['ethnicity', 'Ethnicity', ['ethnicity']],
  ['citizenship', 'Citizenship', ['citizenship']],
  ['name', 'Name', ['name', 'full name']],
  ['first_name', 'First Name', ['first name', 'given name']],
  ['last_name', 'Last Name', ['last name', 'surname', 'family name']],
  ['street', 'Street', ['street', 'street address']],
  ['city', 'City', ['city']],
  ['zipcode', 'Zipcode', ['zipcode', 'zip code', 'zip', 'postal code', 'postcode']],
  ['email', 'Email', ['email', 'e mail', 'email address']],
  ['certificate', 'Certificate', ['certificate']],
  ['license', 'License', ['license', 'licence']],
  ['identification', 'Identification', ['identification']],
  ['serial', 'Serial', ['serial', 'serial number']],
  ['ip', 'IP', ['ip', 'ip address']],
  ['photo', 'Photo', ['photo']],
  ['salary', 'Salary', ['salary']],
  ['religion', 'Religion', ['religion']],
  ['mac', 'MAC', ['mac', 'mac address']],
  ['sex', 'Sex', ['sex']],
  ['sexual_orientation', 'Sexual Orientation', ['sexual orientation']],
  ['medication', 'Medication', ['medication']],
  ['allergy', 'Allergy', ['allergy']],
  ['condition', 'Condition', ['condition']],
  ['diagnosis', 'Diagnosis', ['diagnosis']],
  ['procedure', 'Procedure', ['procedure']],
];

function build(rows: readonly Row[], color: Color): DefaultMatcher[] {
  return rows.map(([key, name, forms]) => {
    const patterns: string[] = [];
    for (const form of forms) {
      const normalized = normalizeKey(form);
      for (const p of [normalized, normalized.replace(/ /g, '')]) {
        if (!patterns.includes(p)) patterns.push(p);
      }
    }
    return Object.freeze({ key, name, color, matchOn: 'key' as const, patterns: Object.freeze(patterns) });
  });
}

export const DEFAULT_MATCHERS: readonly DefaultMatcher[] = Object.freeze([
  ...build(RED, 'red'),
  ...build(YELLOW, 'yellow'),
]);

/**
 * Default matchers as `MatcherSpec`s (canonical pattern only). Pass `disabled` ids to
 * reflect toggles stored by the console. Combine with `defaultSynonymSpecs()` so the
 * alternative spellings are indexed too.
 */
export function defaultMatcherSpecs(disabled: Iterable<string> = []): MatcherSpec[] {
  const off = new Set(disabled);
  return DEFAULT_MATCHERS.map((m) => ({
    id: m.key,
    name: m.name,
    color: m.color,
    matchOn: 'key' as const,
    mode: 'exact' as const,
    pattern: m.patterns[0],
    enabled: !off.has(m.key),
  }));
}

/** Every non-canonical pattern of the defaults, as synonyms of their matcher. */
export function defaultSynonymSpecs(): SynonymSpec[] {
  return DEFAULT_MATCHERS.flatMap((m) => m.patterns.slice(1).map((key) => ({ matcherId: m.key, key })));
}
