import { describe, expect, it } from 'vitest';
import { CallboardError, type IdentityInput, idCheckChar, isValidIdNumber } from '../protocol';
import { maskIdNumber, maskName, maskPhone, normalise, protectIdentity } from './identity';

/**
 * ISO 7064 MOD 11-2, written independently of the module: weight of position i (0-based from
 * the left) is 2^(17-i) mod 11, and the check value is (12 - sum mod 11) mod 11, 10 written X.
 */
function mod112(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    let w = 1;
    for (let k = 0; k < 17 - i; k++) w = (w * 2) % 11;
    sum += Number(first17[i]) * w;
  }
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

const withCheck = (first17: string) => first17 + mod112(first17);

/** Search a few birth-order codes for a number whose check character is `want`. */
function findEndingIn(prefix14: string, want: string): string {
  for (let n = 0; n < 1000; n++) {
    const id = withCheck(prefix14 + String(n).padStart(3, '0'));
    if (id.endsWith(want)) return id;
  }
  throw new Error(`no number ending in ${want}`);
}

const ID_X = findEndingIn('11010519491231', 'X');
const ID_0 = findEndingIn('44030419900307', '0');
const ID_7 = findEndingIn('31011519851120', '7');
/** One valid number for every possible check character, so every remainder is exercised. */
const EVERY_CHECK = [...'0123456789X'].map((c) => findEndingIn('51010719780615', c));
const VALID = [ID_X, ID_0, ID_7, ...EVERY_CHECK, withCheck('65010220001231998')];
const SECRET = 'a-site-secret-of-32-characters!!';

describe('resident ID check digit', () => {
  it('our independent MOD 11-2 agrees with a published example', () => {
    // The textbook example from GB 11643-1999.
    expect(withCheck('11010519491231002')).toBe('11010519491231002X');
  });

  it('accepts numbers with a correct check character, including X', () => {
    expect(ID_X.endsWith('X')).toBe(true);
    expect(EVERY_CHECK.map((id) => id[17]).join('')).toBe('0123456789X');
    for (const id of VALID) {
      expect(idCheckChar(id.slice(0, 17)), id).toBe(id[17]);
      expect(isValidIdNumber(id), id).toBe(true);
    }
  });

  it('rejects every wrong check character', () => {
    for (const id of VALID) {
      for (const c of '0123456789X') {
        if (c === id[17]) continue;
        expect(isValidIdNumber(id.slice(0, 17) + c), id.slice(0, 17) + c).toBe(false);
      }
    }
  });

  it('rejects a single changed digit in the body', () => {
    for (let i = 0; i < 17; i++) {
      const d = ID_0[i] === '9' ? '0' : String(Number(ID_0[i]) + 1);
      expect(isValidIdNumber(ID_0.slice(0, i) + d + ID_0.slice(i + 1))).toBe(false);
    }
  });

  it('rejects wrong lengths and non-digits', () => {
    expect(isValidIdNumber(ID_0.slice(0, 17))).toBe(false);
    expect(isValidIdNumber(`${ID_0}0`)).toBe(false);
    expect(isValidIdNumber('')).toBe(false);
    expect(isValidIdNumber(`${ID_X.slice(0, 17)}x`)).toBe(false); // lowercase only after normalise
    expect(isValidIdNumber(`A${ID_0.slice(1)}`)).toBe(false);
  });

  it('protectIdentity refuses an invalid number with INVALID_ID_NUMBER', () => {
    const wrong = ID_0.slice(0, 17) + (ID_0[17] === '1' ? '2' : '1');
    for (const value of [wrong, '12345', ID_0.slice(0, 17), 'not-an-id-number!!']) {
      let caught: unknown;
      try {
        protectIdentity({ kind: 'id-card', value }, SECRET);
      } catch (err) {
        caught = err;
      }
      expect(caught, value).toBeInstanceOf(CallboardError);
      expect((caught as CallboardError).code).toBe('INVALID_ID_NUMBER');
      expect((caught as CallboardError).status).toBe(400);
      // The error does not echo the number back.
      expect((caught as Error).message).not.toContain(value);
    }
  });

  it('protectIdentity accepts a lowercase x and surrounding spaces', () => {
    const lower = `  ${ID_X.slice(0, 17)}x `;
    expect(protectIdentity({ kind: 'id-card', value: lower }, SECRET)).toEqual(
      protectIdentity({ kind: 'id-card', value: ID_X }, SECRET),
    );
  });
});

describe('masking', () => {
  it('shows the first 3 and last 4 characters of an ID number and stars the 11 between', () => {
    const masked = maskIdNumber(ID_X);
    expect(masked).toHaveLength(18);
    expect(masked).toMatch(/^\d{3}\*{11}\d{3}X$/);
    expect(masked).toBe(`${ID_X.slice(0, 3)}***********${ID_X.slice(14)}`);
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X');
  });

  it('masks a mobile number as 3 + **** + 4 and a shorter number as 2 + stars + 2', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('86123456')).toBe('86****56');
    expect(maskPhone('1234567')).toBe('12***67');
    expect(maskPhone('12345')).toBe('12*45');
  });

  it('strips the country code only where it is unambiguous', () => {
    expect(normalise('phone', '+86 138-1234-5678')).toBe('13812345678');
    expect(normalise('phone', '008613812345678')).toBe('13812345678');
    expect(normalise('phone', '8613812345678')).toBe('13812345678');
    expect(normalise('phone', '86123456')).toBe('86123456');
  });

  it('masks names keeping the first character (and the last one from three on)', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('王*');
    expect(maskName('  李四 ')).toBe('李*');
    expect(maskName('')).toBe('');
    // Characters outside the BMP count as one character, not two code units.
    expect(maskName('𠀋一二')).toBe('𠀋*二');
  });

  it('protectIdentity stores the masked form for each kind', () => {
    expect(protectIdentity({ kind: 'id-card', value: ID_X }, SECRET).masked).toBe(maskIdNumber(ID_X));
    expect(protectIdentity({ kind: 'phone', value: '13812345678' }, SECRET).masked).toBe('138****5678');
    expect(protectIdentity({ kind: 'qr', value: 'QR-PAYLOAD-98765' }, SECRET).masked).toBe('****8765');
    expect(protectIdentity({ kind: 'qr', value: 'abc' }, SECRET).masked).toBe('****');
  });

  it('protectIdentity refuses a phone number that is not 5–15 digits', () => {
    for (const value of ['1234', '1'.repeat(16), '138abc45678']) {
      expect(() => protectIdentity({ kind: 'phone', value }, SECRET), value).toThrow(CallboardError);
    }
  });
});

describe('normalise', () => {
  it('strips spaces, dashes and the +86 country code from phone numbers', () => {
    expect(normalise('phone', ' +86 138-1234-5678 ')).toBe('13812345678');
    expect(normalise('phone', '8613812345678')).toBe('13812345678');
    expect(normalise('id-card', ` ${ID_X.toLowerCase()} `)).toBe(ID_X);
    expect(normalise('qr', '  Mixed Case  ')).toBe('Mixed Case');
  });
});

describe('identity HMAC', () => {
  const inputs: IdentityInput[] = [
    { kind: 'id-card', value: ID_X },
    { kind: 'id-card', value: ID_7 },
    { kind: 'phone', value: '13812345678' },
    { kind: 'qr', value: 'appointment-qr-0001' },
  ];

  it('is a 64-hex-digit value, stable for the same secret', () => {
    for (const input of inputs) {
      const a = protectIdentity(input, SECRET);
      const b = protectIdentity({ ...input }, SECRET);
      expect(a.hmac).toMatch(/^[0-9a-f]{64}$/);
      expect(b).toEqual(a);
      expect(a.kind).toBe(input.kind);
    }
  });

  it('differs across secrets', () => {
    for (const input of inputs) {
      expect(protectIdentity(input, SECRET).hmac).not.toBe(protectIdentity(input, `${SECRET}-other`).hmac);
    }
  });

  it('differs across kinds for the same value, and across values', () => {
    const asPhone = protectIdentity({ kind: 'phone', value: '13812345678' }, SECRET).hmac;
    const asQr = protectIdentity({ kind: 'qr', value: '13812345678' }, SECRET).hmac;
    expect(asPhone).not.toBe(asQr);
    const all = inputs.map((i) => protectIdentity(i, SECRET).hmac);
    expect(new Set(all).size).toBe(all.length);
  });

  it('matches the same phone number however it was typed', () => {
    const plain = protectIdentity({ kind: 'phone', value: '13812345678' }, SECRET);
    const typed = protectIdentity({ kind: 'phone', value: '+86 138-1234-5678' }, SECRET);
    expect(typed).toEqual(plain);
  });

  it('never carries the raw value', () => {
    const cases: [IdentityInput, string[]][] = [
      [{ kind: 'id-card', value: ID_X }, [ID_X, ID_X.slice(3, 14)]],
      [{ kind: 'id-card', value: ` ${ID_0} ` }, [ID_0, ID_0.slice(3, 14)]],
      [{ kind: 'phone', value: '+86 139-8765-4321' }, ['13987654321', '139-8765-4321']],
      [{ kind: 'qr', value: 'SECRET-QR-PAYLOAD-1234' }, ['SECRET-QR-PAYLOAD', 'SECRET-QR-PAYLOAD-1234']],
    ];
    for (const [input, raws] of cases) {
      const stored = protectIdentity(input, SECRET);
      const json = JSON.stringify(stored);
      expect(Object.keys(stored).sort()).toEqual(['hmac', 'kind', 'masked']);
      for (const raw of raws) expect(json, raw).not.toContain(raw);
    }
    // The middle digits of a phone number are hidden too.
    expect(protectIdentity({ kind: 'phone', value: '13987654321' }, SECRET).masked).not.toContain('8765');
  });
});

describe('masks at every length (worked examples)', () => {
  const masked = (kind: IdentityInput['kind'], value: string) => protectIdentity({ kind, value }, SECRET).masked;

  it('a QR or other opaque value: four stars up to 4 characters, else four stars and the last 4', () => {
    const expected = ['****', '****', '****', '****', '****2345', '****3456', '****4567', '****5678'];
    const values = ['1', '12', '123', '1234', '12345', '123456', '1234567', '12345678'];
    for (const [i, value] of values.entries()) expect(masked('qr', value), `length ${value.length}`).toBe(expected[i]);
    // A value of 4 characters or fewer is never shown, not even in part.
    for (const value of ['A', 'AB', 'ABC', 'ABCD']) expect(masked('qr', value)).not.toMatch(/[A-D]/);
  });

  it('a phone number: 2 + stars + 2 below 11 digits, 3 + stars + 4 from 11 on', () => {
    const cases: [string, string][] = [
      ['12345', '12*45'],
      ['123456', '12**56'],
      ['1234567', '12***67'],
      ['12345678', '12****78'],
      ['123456789', '12*****89'],
      ['1234567890', '12******90'],
      ['13812345678', '138****5678'],
      ['123456789012', '123*****9012'],
      ['123456789012345', '123********2345'],
    ];
    for (const [value, want] of cases) {
      expect(masked('phone', value), value).toBe(want);
      expect(want).toHaveLength(value.length);
    }
  });

  it('an ID number: first 3 and last 4, 11 stars, whatever the check character', () => {
    for (const id of EVERY_CHECK) expect(masked('id-card', id)).toBe(`${id.slice(0, 3)}***********${id.slice(14)}`);
  });

  it('a name of 1 to 8 characters keeps the first (and the last from three on); one character is never shown whole', () => {
    const names = ['王', '李四', '张三丰', '欧阳娜娜', '欧阳一二三', '一二三四五六', '一二三四五六七', '一二三四五六七八'];
    const want = ['王*', '李*', '张*丰', '欧**娜', '欧***三', '一****六', '一*****七', '一******八'];
    expect(names.map(maskName)).toEqual(want);
  });
});

describe('normalising phone numbers (edges)', () => {
  it('strips a country code only at the start, and 86 only before exactly 11 digits', () => {
    expect(normalise('phone', '13800861234')).toBe('13800861234'); // 0086 inside the number stays
    expect(normalise('phone', '1388612345')).toBe('1388612345');
    expect(normalise('phone', '861381234567890')).toBe('861381234567890'); // 86 + 13 digits: not a country code
    expect(normalise('phone', '8613812345678')).toBe('13812345678');
  });

  it('refuses with a coded error that names the rule, never the value', () => {
    const codeAndMessage = (input: IdentityInput) => {
      try {
        protectIdentity(input, SECRET);
      } catch (err) {
        return [(err as CallboardError).code, (err as Error).message];
      }
      return null;
    };
    expect(codeAndMessage({ kind: 'phone', value: '1234' })).toEqual([
      'VALIDATION_FAILED',
      'the phone number must be 5–15 digits',
    ]);
    const [code, message] = codeAndMessage({ kind: 'id-card', value: ID_0.slice(0, 17) }) ?? [];
    expect(code).toBe('INVALID_ID_NUMBER');
    expect(message).toMatch(/18 characters with a valid check digit/);
  });
});
