import { describe, expect, it } from 'vitest';
import type { IssuedTicket, PrintBlock } from '../protocol';
import { formatIssueTime, renderTicketJob } from './ticket-layout';

const ticket: IssuedTicket = {
  id: 't1',
  number: 'A023',
  serviceId: 'A',
  status: 'waiting',
  priority: 'normal',
  position: 3,
  estimatedWaitSec: 610,
  issuedAt: Date.UTC(2025, 10, 25, 6, 3), // 14:03 in Shanghai
  trackUrl: 'http://hub.local:8080/t/0123abcd',
};
const base = {
  siteName: { zh: '演示政务服务大厅', en: 'Demo Service Hall' },
  serviceName: { zh: '综合业务', en: 'General services' },
  ticket,
  timezone: 'Asia/Shanghai',
  at: ticket.issuedAt,
};
const texts = (blocks: PrintBlock[]) => blocks.flatMap((b) => (b.t === 'text' ? [b.text] : []));

describe('printed ticket layout', () => {
  it('prints a number past the end of the range (A1000) big and whole, like any other', () => {
    const job = renderTicketJob({ ...base, ticket: { ...ticket, number: 'A1000' } });
    expect(job.blocks.find((b) => b.t === 'text' && b.text === 'A1000')).toMatchObject({ size: 4, bold: true });
  });

  it('has the number big, both service names, people ahead, the estimate, the QR of the tracking page and the time', () => {
    const job = renderTicketJob(base);
    expect(job.cut).toBe('full');
    const number = job.blocks.find((b) => b.t === 'text' && b.text === 'A023');
    expect(number).toMatchObject({ size: 4, bold: true, align: 'center' });
    expect(texts(job.blocks)).toEqual(
      expect.arrayContaining([
        '综合业务',
        'General services',
        '前面还有 3 人',
        '3 people ahead of you',
        '预计等待约 11 分钟',
        'Estimated wait about 11 min',
        '取号时间 Issued 2025-11-25 14:03',
        '请留意叫号，过号须重新取号',
        '本号当日有效 · Valid today only',
      ]),
    );
    expect(job.blocks.filter((b) => b.t === 'qr')).toEqual([{ t: 'qr', data: ticket.trackUrl, size: 6, align: 'center' }]);
    expect(texts(job.blocks).some((t) => t.includes('补打'))).toBe(false);
  });

  it('marks a reprint with its own time, and says "watch the board" when there is no wait', () => {
    const job = renderTicketJob({
      ...base,
      ticket: { ...ticket, position: 0, estimatedWaitSec: 0 },
      reprint: true,
      at: ticket.issuedAt + 3_600_000,
    });
    expect(texts(job.blocks)).toEqual(
      expect.arrayContaining(['请留意叫号', '0 people ahead of you', '补打 Reprint 2025-11-25 15:03']),
    );
  });

  it('prints the wait as the range visitors see everywhere (biased late), or "within N min" when the call may come at once', () => {
    const ranged = renderTicketJob({ ...base, ticket: { ...ticket, estimatedWaitRange: { lowSec: 720, highSec: 1080 } } });
    expect(texts(ranged.blocks)).toEqual(expect.arrayContaining(['预计等待 12-18 分钟', 'Estimated wait 12-18 min']));
    expect(texts(ranged.blocks).some((t) => t.includes('约'))).toBe(false);
    const soon = renderTicketJob({
      ...base,
      ticket: { ...ticket, estimatedWaitSec: 90, estimatedWaitRange: { lowSec: 0, highSec: 300 } },
    });
    expect(texts(soon.blocks)).toEqual(expect.arrayContaining(['预计 5 分钟内叫号', 'Expected within 5 min']));
  });

  it('tells a visitor who may re-queue a missed call to scan the ticket at a kiosk, within the roll’s width', () => {
    const lines = texts(renderTicketJob({ ...base, missedRequeue: true }).blocks);
    expect(lines).toEqual(
      expect.arrayContaining(['请留意叫号，过号请在自助机扫描本票重新排队', 'Missed your number? Scan this ticket at a kiosk']),
    );
    expect(lines).not.toContain('请留意叫号，过号须重新取号');
  });

  it('formats the time in the site time zone, not the machine’s', () => {
    expect(formatIssueTime(Date.UTC(2025, 0, 1, 16, 30), 'Asia/Shanghai')).toBe('2025-01-02 00:30');
    expect(formatIssueTime(Date.UTC(2025, 0, 1, 16, 30), 'Europe/London')).toBe('2025-01-01 16:30');
  });
});
