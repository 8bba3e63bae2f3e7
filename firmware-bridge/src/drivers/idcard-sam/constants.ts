/**
 * SAM protocol constants for China 2nd-generation resident ID card readers (GA 467), from
 * ../shared/DEVICES.md. Frame: `AA AA AA 96 69 | LEN (2, big-endian) | body | CHK`, where LEN
 * counts every byte after itself (CHK included) and CHK is the XOR of every byte after the
 * preamble except itself.
 */
export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
export const HEADER_LEN = PREAMBLE.length + 2;
/** The largest real frame is text + photo + 1024-byte fingerprint (LEN 0x090A); refuse far beyond it. */
export const MAX_LEN = 0x1000;
/** A body needs CMD+PARA (host) or SW1..SW3 (reader); LEN also counts CHK. */
export const MIN_LEN = 3;

export const DEFAULT_BAUD = 115200;

/** Command / parameter pairs (host → reader). */
export const Cmd = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readText: [0x30, 0x01],
  readTextFinger: [0x30, 0x10],
  readAddress: [0x30, 0x03],
} as const satisfies Record<string, readonly [number, number]>;
export type CmdName = keyof typeof Cmd;

/** SW3 status codes in responses (SW1 SW2 are 00 00 on success). */
export const Sw3 = {
  success: 0x90,
  findSuccess: 0x9f,
  noContent: 0x91,
  checksumError: 0x10,
  lengthError: 0x11,
  commandError: 0x21,
  unauthorised: 0x23,
  unknownError: 0x24,
  authError1: 0x31,
  authError2: 0x32,
  authError3: 0x33,
  wrongCardType: 0x40,
  readFailed: 0x41,
  randomFailed: 0x47,
  samSelfTestFailed: 0x60,
  samNotAuthorised: 0x66,
  findFailed: 0x80,
  selectFailed: 0x81,
} as const;

export const SW3_TEXT: Record<number, string> = {
  144: 'success',
  159: 'find card success',
  145: 'no content',
  16: 'checksum error',
  17: 'length error',
  33: 'command error',
  35: 'unauthorised',
  36: 'unknown error',
  49: 'card authentication failed',
  50: 'SAM authentication failed',
  51: 'information verification failed',
  64: 'wrong card type',
  65: 'read failed',
  71: 'random number failed',
  96: 'SAM self-test failed',
  102: 'SAM not authorised',
  128: 'find card failed (no card)',
  129: 'select card failed',
};

/** The 256-byte text block (UCS-2 little-endian, space padded): byte offset and length per field. */
export const TEXT_BLOCK_LEN = 256;
export const PHOTO_LEN = 1024;
export const KIND_MARKER_OFFSET = 248;

export const ResidentLayout = {
  name: [0, 30],
  sex: [30, 2],
  nation: [32, 4],
  birth: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  authority: [158, 30],
  validFrom: [188, 16],
  validTo: [204, 16],
} as const;

/** Hong Kong / Macau / Taiwan residence permit: resident layout to 220, then these. */
export const HmtLayout = {
  ...ResidentLayout,
  passNumber: [220, 18],
  issueCount: [238, 4],
} as const;

/** Foreign permanent resident card, old (marker `I`). */
export const ForeignOldLayout = {
  nameEn: [0, 120],
  sex: [120, 2],
  cardNumber: [122, 30],
  nationality: [152, 6],
  nameZh: [158, 30],
  validFrom: [188, 16],
  validTo: [204, 16],
  birth: [220, 16],
  version: [236, 4],
  officeCode: [240, 8],
} as const;

/** Foreign permanent resident card, 2023 (marker `Y`). */
export const Foreign2023Layout = {
  nameZh: [0, 30],
  sex: [30, 2],
  renewalCount: [32, 4],
  birth: [36, 16],
  nameEn: [52, 70],
  idNumber: [122, 36],
  validFrom: [188, 16],
  validTo: [204, 16],
  nameEnMore: [220, 22],
  nationality: [242, 6],
} as const;

export type Layout = Record<string, readonly [number, number]>;

/** Card kind markers at offset 248 (one UCS-2 character); blank means a resident ID card. */
export const KindMarker = { hmt: 'J', foreignOld: 'I', foreign2023: 'Y' } as const;
