/**
 * The printed ticket of a multi-stop visit as the paper shows it: the hub's layout → ESC/POS bytes
 * (GB18030) → the emulated printer's picture of the roll, in Chromium. Every stop with its place,
 * in order, before the QR code, and nothing over the QR code. Screenshot:
 * test/artifacts/printed-ticket-route.png.
 */
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../support/browser';
import { printTicket, textOverQr } from '../support/printed-ticket';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('the printed ticket of a multi-stop visit', () => {
  it('lists every stop with its place before the QR code', async () => {
    const { printed, text } = printTicket({
      siteName: { zh: '演示医院', en: 'Demo Hospital' },
      serviceName: { zh: '挂号', en: 'Registration' },
      where: { zh: '门诊楼 1楼 大厅', en: 'Outpatients, hall, 1F' },
      ticket: {
        id: 't1',
        number: 'A023',
        serviceId: 'A',
        status: 'waiting',
        priority: 'normal',
        position: 2,
        estimatedWaitSec: 600,
        issuedAt: Date.UTC(2026, 11, 5, 1, 30),
        trackUrl: 'http://hub.local:8080/t/0123456789abcdef0123456789abcdef',
        route: [
          {
            serviceId: 'B',
            name: { zh: '缴费', en: 'Payment' },
            where: { zh: '2楼 东侧 5–8号窗口', en: '2F east, counters 5-8' },
          },
          { serviceId: 'C', name: { zh: '取药', en: 'Pharmacy' }, where: { zh: '1楼 西侧', en: '1F west' } },
        ],
      },
      timezone: 'Asia/Shanghai',
      at: Date.UTC(2026, 11, 5, 1, 30),
    });
    const order = [
      '本号依次办理 3 项',
      '1. 挂号  门诊楼 1楼 大厅',
      '2. 缴费  2楼 东侧 5–8号窗口',
      '2F east, counters 5-8',
      '3. 取药  1楼 西侧',
    ];
    let from = 0;
    for (const line of order) {
      const at = text.indexOf(line, from);
      expect(at, `"${line}" after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at;
    }

    // Every text line's box against the QR frame.
    expect(await textOverQr(chromiumPath as string, printed, 1700, 'printed-ticket-route')).toEqual([]);
  });
});
