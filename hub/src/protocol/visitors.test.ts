import { describe, expect, it } from 'vitest';
import { trackTokenFromScan } from './visitors';

describe('the check-in QR a kiosk scans', () => {
  it('reads the token from the check-in code and from tracking links', () => {
    expect(trackTokenFromScan('CBT1:0123456789abcdef')).toBe('0123456789abcdef');
    expect(trackTokenFromScan(' cbt1:0123456789abcdef\r')).toBe('0123456789abcdef');
    expect(trackTokenFromScan('http://192.168.1.10:8080/t/0123456789abcdef')).toBe('0123456789abcdef');
    expect(trackTokenFromScan('https://q.example.cn/kiosk/track/0123456789abcdef?x=1')).toBe('0123456789abcdef');
  });
  it('ignores booking codes, insurance codes and anything malformed', () => {
    expect(trackTokenFromScan('CBA1:ACDEFHJK')).toBeUndefined();
    expect(trackTokenFromScan('CBT1:short')).toBeUndefined();
    expect(trackTokenFromScan('CBT1:../../etc/passwd')).toBeUndefined();
    expect(trackTokenFromScan('ECAAAAAAAAAAAAAAAAAA')).toBeUndefined();
  });
});
