import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../emulators/idcard-sam/cards';
import { blankBlock, field, zhangSanFengBlock } from './fixtures';
import { idCheckChar, isValidForeignOldNumber, isValidIdNumber } from './id-number';
import { decodeTextBlock, encodeTextBlock } from './text-block';

const marker = (b: Buffer, ch: string) => field(b, 248, 2, ch);

describe('ID number check digit (ISO 7064 MOD 11-2)', () => {
  it('accepts the standard example and numbers ending in X or a digit', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(isValidIdNumber('440524188001010014')).toBe(true);
  });

  it('refuses a wrong check character, a wrong length or letters', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber('1101051949123100AX')).toBe(false);
    expect(isValidForeignOldNumber('USA110075112001')).toBe(true);
    expect(isValidForeignOldNumber('US1110075112001')).toBe(false);
  });
});

describe('256-byte text block', () => {
  it('decodes a resident ID card built field by field', () => {
    const r = decodeTextBlock(zhangSanFengBlock());
    expect(r).toEqual({
      ok: true,
      card: {
        kind: 'resident',
        name: '张三丰',
        sex: 'male',
        nation: '01',
        birth: '19491231',
        address: '北京市朝阳区示例街道100号',
        idNumber: '11010519491231002X',
        authority: '北京市公安局朝阳分局',
        validFrom: '20100101',
        validTo: '长期',
      },
    });
  });

  it('treats a NUL marker like a blank one (resident), and NUL padding like spaces', () => {
    const b = zhangSanFengBlock();
    b.writeUInt16LE(0, 248);
    for (let i = 6; i < 30; i += 2) b.writeUInt16LE(0, i);
    const r = decodeTextBlock(b);
    expect(r.ok && r.card.kind).toBe('resident');
    expect(r.ok && r.card.name).toBe('张三丰');
  });

  it('decodes the HK/Macau/Taiwan residence permit (marker J)', () => {
    const b = blankBlock();
    field(b, 0, 30, '陈大文');
    field(b, 30, 2, '1');
    field(b, 36, 16, '19900505');
    field(b, 122, 36, '810000199005050018');
    field(b, 188, 16, '20210601');
    field(b, 204, 16, '20260601');
    field(b, 220, 18, 'H12345678');
    field(b, 238, 4, '02');
    marker(b, 'J');
    const r = decodeTextBlock(b);
    expect(r).toMatchObject({
      ok: true,
      card: { kind: 'hmt-permit', name: '陈大文', idNumber: '810000199005050018', passNumber: 'H12345678', issueCount: '02' },
    });
  });

  it('decodes the old foreign permanent resident card (marker I)', () => {
    const b = blankBlock();
    field(b, 0, 120, 'SMITH, JOHN');
    field(b, 120, 2, '1');
    field(b, 122, 30, 'USA110075112001');
    field(b, 152, 6, 'USA');
    field(b, 158, 30, '史密斯');
    field(b, 188, 16, '20180101');
    field(b, 204, 16, '20280101');
    field(b, 220, 16, '19751120');
    field(b, 236, 4, '05');
    field(b, 240, 8, '1100');
    marker(b, 'I');
    expect(decodeTextBlock(b)).toMatchObject({
      ok: true,
      card: {
        kind: 'foreign-old',
        name: '史密斯',
        nameEn: 'SMITH, JOHN',
        idNumber: 'USA110075112001',
        nationality: 'USA',
        birth: '19751120',
        validTo: '20280101',
      },
    });
  });

  it('decodes the 2023 foreign permanent resident card (marker Y), joining the long English name', () => {
    const b = blankBlock();
    const en = 'MULLER-LUDENSCHEID, ANNA MARIA THERESA';
    field(b, 0, 30, '安娜');
    field(b, 30, 2, '2');
    field(b, 32, 4, '01');
    field(b, 36, 16, '19880808');
    field(b, 52, 70, en.slice(0, 35));
    field(b, 122, 36, '93327619880808002X'.slice(0, 17) + idCheckChar('93327619880808002'));
    field(b, 188, 16, '20230901');
    field(b, 204, 16, '20330901');
    field(b, 220, 22, en.slice(35));
    field(b, 242, 6, 'DEU');
    marker(b, 'Y');
    const r = decodeTextBlock(b);
    expect(r).toMatchObject({
      ok: true,
      card: { kind: 'foreign-2023', name: '安娜', sex: 'female', nameEn: en, nationality: 'DEU' },
    });
  });

  it('reports an unknown kind marker and a failing check digit as results, naming no number', () => {
    const b = zhangSanFengBlock();
    marker(b, 'Z');
    expect(decodeTextBlock(b)).toMatchObject({ ok: false, code: 'unknown_kind' });
    const bad = zhangSanFengBlock();
    field(bad, 122, 36, '110105194912310021');
    const r = decodeTextBlock(bad);
    expect(r).toMatchObject({ ok: false, code: 'invalid_id' });
    expect(JSON.stringify(r)).not.toContain('110105');
    expect(decodeTextBlock(Buffer.alloc(100))).toMatchObject({ ok: false, code: 'bad_block' });
  });

  it('round-trips every emulator test card through encode and decode', () => {
    for (const t of TEST_CARDS) {
      const r = decodeTextBlock(encodeTextBlock(t.card));
      if (t.corrupt === 'bad-check-digit') expect(r).toMatchObject({ ok: false, code: 'invalid_id' });
      else expect(r, t.label).toMatchObject({ ok: true, card: t.card });
    }
  });
});
