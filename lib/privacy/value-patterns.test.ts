import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getValuePattern, luhnValid, VALUE_PATTERNS } from './value-patterns';

function pattern(id: string) {
  const p = getValuePattern(id);
  if (!p) throw new Error(`no pattern ${id}`);
  return p;
}

/** Appends the Luhn check digit to `payload`. */
function withCheckDigit(payload: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(payload + d)) return payload + d;
  throw new Error('unreachable');
}

const cases: Record<string, { yes: string[]; no: string[] }> = {
  ssn: {
    yes: ['123-45-6789', '123 45 6789', '123456789', ' 078-05-1120 '],
    no: [
      '000-12-3456',
      '666-12-3456',
      '900-12-3456',
      '123-00-6789',
      '123-45-0000',
      '123-45-678',
      '123-456-789',
      '123-45 6789',
      'abc-de-fghi',
      '1234567890',
    ],
  },
  us_phone: {
    yes: [
      '+14155552671',
      '+442071838750',
      '(415) 555-2671',
      '(415)555-2671',
      '415-555-2671',
      '415.555.2671',
      '415 555 2671',
      '4155552671',
      '1-415-555-2671',
      '+1 415 555 2671',
      '+1 (415) 555-2671',
    ],
    no: [
      '555-123-4567',
      '115-555-2671',
      '411-555-2671',
      '415-155-2671',
      '+1415555267',
      '+0123456789',
      '415-555-267',
      '415-555-26711',
      'phone',
      '+1 415 555 2671 ext 3',
    ],
  },
  email: {
    yes: [
      'a@b.co',
      'jane.doe+tag@example.com',
      'x_y@sub.example.org',
      "o'brien@example.ie",
      'user@xn--bcher-kva.example',
      'müller@bücher.de',
    ],
    no: [
      'plain',
      '@example.com',
      'a@',
      'a@b',
      'a@@b.com',
      'a b@example.com',
      '.a@example.com',
      'a.@example.com',
      'a..b@example.com',
      'a@-b.com',
      'a@b-.com',
      'a@b.c',
      'a@b.123',
      'a@b..com',
    ],
  },
  credit_card: {
    yes: [
      '4111111111111111',
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '5555555555554444',
      '2223003122003222',
      '378282246310005',
      '6011111111111117',
      '3530111333300000',
      '30569309025904',
      '4222222222222',
    ],
    no: [
      '4111111111111112',
      '1234567812345670',
      '4111  1111 1111 1111',
      ' -4111111111111111',
      '4111111111111111-',
      '411111111111',
      '41111111111111111111',
      '4111x111111111111',
    ],
  },
  npi: {
    yes: ['1234567893', '1245319599', '1003000126'],
    no: ['1234567890', '3234567893', '123456789', '12345678931', '12345 67893'],
  },
  date_of_birth: {
    yes: ['1984-03-12', '2000-02-29', '1900-01-01', '03/12/1984', '3/2/1984', '12/31/1999'],
    no: [
      '1900-02-29',
      '2023-02-29',
      '1984-13-01',
      '1984-00-10',
      '1984-04-31',
      '13/01/1984',
      '1984/03/12',
      '1984-3-12',
      '1799-12-31',
      '2200-01-01',
      '31/12/1999',
    ],
  },
  icd10: {
    yes: ['E11', 'E11.9', 'S72.001A', 'T81.4XXA', 'C4A.0', 'Z3A.10', 'S72001A', 'J45909'],
    no: ['E1', 'e11.9', 'E11.', 'E11.12345', '11.9', 'EE1.9', 'E11-9', 'E1C.0'],
  },
  ipv4: {
    yes: ['192.168.0.1', '0.0.0.0', '255.255.255.255', '10.0.12.7'],
    no: ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', '1.2.3.4/24', ''],
  },
  ipv6: {
    yes: [
      '::',
      '::1',
      '2001:db8::1',
      'fe80::1ff:fe23:4567:890a',
      '1:2:3:4:5:6:7:8',
      '::ffff:192.0.2.128',
      '2001:DB8:0:0:8:800:200C:417A',
      '1::',
      '1:2:3:4:5:6::8',
    ],
    no: [
      '1:2:3:4:5:6:7:8:9',
      ':::',
      '1::2::3',
      '12345::',
      'g::1',
      '1:2:3:4:5:6:7',
      ':1',
      '1:',
      '::ffff:999.0.2.128',
      '1:2:3:4:5:6:7::8',
      'fe80::1%eth0',
    ],
  },
};

describe('VALUE_PATTERNS', () => {
  it('have unique ids, names and descriptions', () => {
    expect(new Set(VALUE_PATTERNS.map((p) => p.id)).size).toBe(VALUE_PATTERNS.length);
    expect(VALUE_PATTERNS.map((p) => p.id).sort()).toEqual(Object.keys(cases).sort());
    for (const p of VALUE_PATTERNS) {
      expect(p.name).not.toBe('');
      expect(p.description.length).toBeGreaterThan(10);
    }
  });

  for (const [id, { yes, no }] of Object.entries(cases)) {
    describe(id, () => {
      it.each(yes)('accepts %j', (v) => expect(pattern(id).test(v)).toBe(true));
      it.each(no)('rejects %j', (v) => expect(pattern(id).test(v)).toBe(false));
    });
  }

  it('reject empty and very long inputs fast (linear time)', () => {
    const hostile = ['1'.repeat(100_000), 'a@'.repeat(50_000), ':'.repeat(100_000), `${'1.'.repeat(50_000)}1`];
    const start = performance.now();
    for (const p of VALUE_PATTERNS) {
      expect(p.test('')).toBe(false);
      for (const v of hostile) expect(p.test(v)).toBe(false);
    }
    expect(performance.now() - start).toBeLessThan(1000); // generous: a busy CI box, not backtracking
  });

  it('getValuePattern returns undefined for unknown ids', () => {
    expect(getValuePattern('nope')).toBeUndefined();
  });
});

describe('luhnValid', () => {
  const payload = fc.stringMatching(/^\d{1,24}$/);

  it('accepts every payload with its computed check digit', () => {
    fc.assert(fc.property(payload, (p) => luhnValid(withCheckDigit(p))));
  });

  it('detects every single-digit error', () => {
    fc.assert(
      fc.property(payload, fc.nat(), fc.integer({ min: 1, max: 9 }), (p, at, delta) => {
        const valid = withCheckDigit(p);
        const i = at % valid.length;
        const changed = valid.slice(0, i) + ((Number(valid[i]) + delta) % 10) + valid.slice(i + 1);
        return !luhnValid(changed);
      }),
    );
  });

  it('detects adjacent transpositions except 09 ↔ 90', () => {
    fc.assert(
      fc.property(payload, fc.nat(), (p, at) => {
        const valid = withCheckDigit(p);
        if (valid.length < 2) return true;
        const i = at % (valid.length - 1);
        const [a, b] = [valid[i], valid[i + 1]];
        if (a === b || a + b === '09' || a + b === '90') return true;
        return !luhnValid(valid.slice(0, i) + b + a + valid.slice(i + 2));
      }),
    );
  });

  it('rejects empty and non-digit input', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111-1111')).toBe(false);
  });

  it('generated card numbers with a known prefix pass the credit card pattern, and fail once altered', () => {
    const cc = pattern('credit_card');
    fc.assert(
      fc.property(
        fc.constantFrom('4', '51', '55', '2221', '34', '37', '6011', '65', '3528', '62'),
        fc.stringMatching(/^\d{14}$/),
        (prefix, rest) => {
          const card = withCheckDigit((prefix + rest).slice(0, 15));
          const broken = card.slice(0, -1) + ((Number(card.at(-1)) + 1) % 10);
          return cc.test(card) && cc.test(card.replace(/(\d{4})(?=\d)/g, '$1 ')) && !cc.test(broken);
        },
      ),
    );
  });

  it('generated NPIs validate with the 80840 prefix rule', () => {
    const npi = pattern('npi');
    fc.assert(
      fc.property(fc.stringMatching(/^[12]\d{8}$/), (nine) => {
        let valid = '';
        for (let d = 0; d <= 9; d++) if (luhnValid(`80840${nine}${d}`)) valid = nine + d;
        const wrong = nine + ((Number(valid[9]) + 1) % 10);
        return npi.test(valid) && !npi.test(wrong);
      }),
    );
  });
});
