/**
 * The printed ticket as the paper shows it: the hub's layout → the ESC/POS bytes the bridge sends
 * → the emulated printer's picture of the roll, opened in Chromium: the customary lines are
 * there, and no text touches the QR code. Screenshot: test/artifacts/printed-ticket.png.
 */
import { describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../support/browser';
import { printTicket, textOverQr } from '../support/printed-ticket';

const chromiumPath = chromiumOrSkip();

describe.skipIf(!chromiumPath)('the printed ticket', () => {
  it('has the customary lines, a labelled time of issue, and nothing over the QR code', async () => {
    const { printed, text } = printTicket({
      siteName: { zh: '演示政务服务大厅', en: 'Demo Service Hall' },
      serviceName: { zh: '社保医保', en: 'Social & medical insurance' },
      ticket: {
        id: 't1',
        number: 'B012',
        serviceId: 'B',
        status: 'waiting',
        priority: 'normal',
        position: 4,
        estimatedWaitSec: 1260,
        // The range the hub shows for a 21-minute estimate (queue/wait-range.ts), as issuedView sends it.
        estimatedWaitRange: { lowSec: 900, highSec: 2220 },
        issuedAt: Date.UTC(2026, 11, 5, 1, 30),
        trackUrl: 'http://hub.local:8080/t/0123456789abcdef0123456789abcdef',
      },
      timezone: 'Asia/Shanghai',
      missedRequeue: true,
      at: Date.UTC(2026, 11, 5, 1, 30),
    });
    for (const line of [
      '请留意叫号，过号请在自助机扫描本票重新排队',
      'Missed your number? Scan this ticket at a kiosk',
      '本号当日有效',
      '取号时间 Issued 2026-12-05 09:30',
      '预计等待 15-37 分钟',
      'Estimated wait 15-37 min',
    ])
      expect(text).toContain(line);

    // Every text line's box against the QR frame.
    expect(await textOverQr(chromiumPath as string, printed, 1400, 'printed-ticket')).toEqual([]);
  });
});
