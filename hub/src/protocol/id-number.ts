/**
 * ISO 7064 MOD 11-2 check character of 18-character ID numbers (GB 11643): resident ID cards,
 * HK/Macau/Taiwan residence permits and the 2023 foreign permanent resident card all use it.
 * Shared by the hub (identity validation) and the bridge (a misread card never leaves the kiosk PC).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK[sum % 11] as string;
}

export function isValidIdNumber(id: string): boolean {
  // Stryker disable next-line MethodExpression: equivalent, idCheckChar reads only the first 17 characters
  return /^\d{17}[\dX]$/.test(id) && idCheckChar(id.slice(0, 17)) === id[17];
}
