import { describe, expect, it } from 'vitest';
import type { PrintJob } from '../protocol';
import { isLocalUrl, publicUrlWarning, withoutLocalQr } from './public-url';

describe('public URL checks', () => {
  it.each([
    ['http://localhost:8080', true],
    ['http://127.0.0.1:8080/t/abc', true],
    ['http://[::1]:8080', true],
    ['http://0.0.0.0:8080', true],
    ['http://192.168.1.10:8080', false],
    ['https://queue.hall.example', false],
    ['not a url', true],
  ])('%s is local: %s', (url, local) => {
    expect(isLocalUrl(url)).toBe(local);
  });

  it('warns about a localhost public URL and suggests the LAN addresses', () => {
    const w = publicUrlWarning('http://localhost:8080', 8080, ['192.168.1.10']);
    expect(w).toMatch(/site\.publicUrl/);
    expect(w).toMatch(/http:\/\/192\.168\.1\.10:8080/);
    expect(publicUrlWarning('http://192.168.1.10:8080', 8080, [])).toBeNull();
  });

  it('drops a local QR and its scan line from a print job, keeps everything else', () => {
    const job = (url: string): PrintJob => ({
      blocks: [
        { t: 'text', text: 'A023', align: 'center' },
        { t: 'qr', data: url, size: 6, align: 'center' },
        { t: 'text', text: '扫码查看排队进度', align: 'center' },
        { t: 'text', text: 'Scan to follow your place in line', align: 'center' },
      ],
      cut: 'full',
    });
    const local = withoutLocalQr(job('http://localhost:8080/t/x'));
    expect(local.removed).toBe(true);
    expect(local.job.blocks).toEqual([{ t: 'text', text: 'A023', align: 'center' }]);
    const lan = withoutLocalQr(job('http://192.168.1.10:8080/t/x'));
    expect(lan.removed).toBe(false);
    expect(lan.job.blocks).toHaveLength(4);
  });
});
