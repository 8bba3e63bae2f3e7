/**
 * Pure codec of the 256-byte text block (UCS-2 little-endian, space padded) for the four card
 * kinds a SAM reader returns, told apart by the marker at offset 248. Decoding never throws:
 * an unknown marker or a number failing its check digit is a result, not an exception.
 */
import type { CardKind } from '@callboard/hub/protocol';
import { trimPadding } from '../../text';
import {
  Foreign2023Layout,
  ForeignOldLayout,
  HmtLayout,
  KIND_MARKER_OFFSET,
  KindMarker,
  type Layout,
  ResidentLayout,
  TEXT_BLOCK_LEN,
} from './constants';
import { isValidForeignOldNumber, isValidIdNumber } from './id-number';

export type Sex = 'male' | 'female' | 'unknown' | 'unspecified';

export interface IdCard {
  kind: CardKind;
  /** Chinese name (resident, permit, foreign cards' Chinese name). */
  name: string;
  sex: Sex;
  /** YYYYMMDD */
  birth: string;
  /** 18 characters, or the old foreign card's 15. */
  idNumber: string;
  validFrom: string;
  /** YYYYMMDD or 长期 (long-term). */
  validTo: string;
  nation?: string;
  address?: string;
  authority?: string;
  nameEn?: string;
  nationality?: string;
  passNumber?: string;
  issueCount?: string;
  renewalCount?: string;
  version?: string;
  officeCode?: string;
}

export type CardDecode =
  | { ok: true; card: IdCard }
  | { ok: false; code: 'unknown_kind' | 'invalid_id' | 'bad_block'; message: string };

const SEX: Record<string, Sex> = { '0': 'unknown', '1': 'male', '2': 'female', '9': 'unspecified' };
const SEX_CODE: Record<Sex, string> = { unknown: '0', male: '1', female: '2', unspecified: '9' };

function field(block: Buffer, [offset, length]: readonly [number, number]): string {
  // Fields are space padded; some readers pad with NULs instead.
  return trimPadding(block.toString('utf16le', offset, offset + length));
}

function read<L extends Layout>(block: Buffer, layout: L): Record<keyof L, string> {
  const out = {} as Record<keyof L, string>;
  for (const key of Object.keys(layout) as (keyof L)[]) out[key] = field(block, layout[key] as readonly [number, number]);
  return out;
}

export function markerOf(block: Buffer): string {
  return block.toString('utf16le', KIND_MARKER_OFFSET, KIND_MARKER_OFFSET + 2);
}

export function decodeTextBlock(block: Buffer): CardDecode {
  if (block.length !== TEXT_BLOCK_LEN)
    return { ok: false, code: 'bad_block', message: `text block is ${block.length} bytes, not ${TEXT_BLOCK_LEN}` };
  const marker = markerOf(block);
  let card: IdCard;
  if (marker === ' ' || marker === '\u0000') {
    const f = read(block, ResidentLayout);
    card = {
      kind: 'resident',
      name: f.name,
      sex: SEX[f.sex] ?? 'unknown',
      nation: f.nation,
      birth: f.birth,
      address: f.address,
      idNumber: f.idNumber.toUpperCase(),
      authority: f.authority,
      validFrom: f.validFrom,
      validTo: f.validTo,
    };
  } else if (marker === KindMarker.hmt) {
    const f = read(block, HmtLayout);
    card = {
      kind: 'hmt-permit',
      name: f.name,
      sex: SEX[f.sex] ?? 'unknown',
      birth: f.birth,
      address: f.address,
      idNumber: f.idNumber.toUpperCase(),
      authority: f.authority,
      validFrom: f.validFrom,
      validTo: f.validTo,
      passNumber: f.passNumber,
      issueCount: f.issueCount,
    };
  } else if (marker === KindMarker.foreignOld) {
    const f = read(block, ForeignOldLayout);
    card = {
      kind: 'foreign-old',
      name: f.nameZh,
      nameEn: f.nameEn,
      sex: SEX[f.sex] ?? 'unknown',
      birth: f.birth,
      idNumber: f.cardNumber.toUpperCase(),
      nationality: f.nationality,
      validFrom: f.validFrom,
      validTo: f.validTo,
      version: f.version,
      officeCode: f.officeCode,
    };
  } else if (marker === KindMarker.foreign2023) {
    const f = read(block, Foreign2023Layout);
    // The English name continues in a second field; keep the first part's spaces when it does.
    const enFirst = f.nameEnMore ? block.toString('utf16le', 52, 122) : f.nameEn;
    card = {
      kind: 'foreign-2023',
      name: f.nameZh,
      nameEn: `${enFirst}${f.nameEnMore}`.trim(),
      sex: SEX[f.sex] ?? 'unknown',
      birth: f.birth,
      idNumber: f.idNumber.toUpperCase(),
      nationality: f.nationality,
      validFrom: f.validFrom,
      validTo: f.validTo,
      renewalCount: f.renewalCount,
    };
  } else {
    const code = [...marker].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
    return { ok: false, code: 'unknown_kind', message: `unknown card kind marker U+${code}` };
  }
  const valid = card.kind === 'foreign-old' ? isValidForeignOldNumber(card.idNumber) : isValidIdNumber(card.idNumber);
  // The message names the kind, never the number: it may end up in a log.
  if (!valid) return { ok: false, code: 'invalid_id', message: `${card.kind} card number fails its format or check digit` };
  return { ok: true, card };
}

function put(block: Buffer, [offset, length]: readonly [number, number], value: string): void {
  const bytes = Buffer.from(value, 'utf16le').subarray(0, length);
  bytes.copy(block, offset);
  for (let i = offset + bytes.length; i + 1 < offset + length; i += 2) {
    block[i] = 0x20;
    block[i + 1] = 0x00;
  }
}

/** Builds a text block (the emulator's test cards). The inverse of `decodeTextBlock`. */
export function encodeTextBlock(card: IdCard): Buffer {
  const block = Buffer.alloc(TEXT_BLOCK_LEN);
  put(block, [0, TEXT_BLOCK_LEN], '');
  const sex = SEX_CODE[card.sex];
  switch (card.kind) {
    case 'resident':
    case 'hmt-permit': {
      const L = card.kind === 'resident' ? ResidentLayout : HmtLayout;
      put(block, L.name, card.name);
      put(block, L.sex, sex);
      if (card.kind === 'resident') put(block, ResidentLayout.nation, card.nation ?? '01');
      put(block, L.birth, card.birth);
      put(block, L.address, card.address ?? '');
      put(block, L.idNumber, card.idNumber);
      put(block, L.authority, card.authority ?? '');
      put(block, L.validFrom, card.validFrom);
      put(block, L.validTo, card.validTo);
      if (card.kind === 'hmt-permit') {
        put(block, HmtLayout.passNumber, card.passNumber ?? '');
        put(block, HmtLayout.issueCount, card.issueCount ?? '01');
        put(block, [KIND_MARKER_OFFSET, 2], KindMarker.hmt);
      }
      break;
    }
    case 'foreign-old': {
      const L = ForeignOldLayout;
      put(block, L.nameEn, card.nameEn ?? '');
      put(block, L.sex, sex);
      put(block, L.cardNumber, card.idNumber);
      put(block, L.nationality, card.nationality ?? '');
      put(block, L.nameZh, card.name);
      put(block, L.validFrom, card.validFrom);
      put(block, L.validTo, card.validTo);
      put(block, L.birth, card.birth);
      put(block, L.version, card.version ?? '');
      put(block, L.officeCode, card.officeCode ?? '');
      put(block, [KIND_MARKER_OFFSET, 2], KindMarker.foreignOld);
      break;
    }
    case 'foreign-2023': {
      const L = Foreign2023Layout;
      const en = card.nameEn ?? '';
      put(block, L.nameZh, card.name);
      put(block, L.sex, sex);
      put(block, L.renewalCount, card.renewalCount ?? '00');
      put(block, L.birth, card.birth);
      put(block, L.nameEn, en.slice(0, 35));
      put(block, L.idNumber, card.idNumber);
      put(block, L.validFrom, card.validFrom);
      put(block, L.validTo, card.validTo);
      put(block, L.nameEnMore, en.slice(35, 46));
      put(block, L.nationality, card.nationality ?? '');
      put(block, [KIND_MARKER_OFFSET, 2], KindMarker.foreign2023);
      break;
    }
  }
  return block;
}
