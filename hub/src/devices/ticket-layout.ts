/**
 * The printed ticket, rendered by the hub (the bridge prints what it is told): site name, the
 * big number, service name in Chinese and English, people ahead, the estimate (as a range), a QR code of
 * the tracking page (a blank line above it, so no descender touches it), the customary lines
 * (watch for your number, a missed number needs a new ticket, valid today only; each within the roll's 48 columns), and the time
 * of issue, labelled, in the site's time zone. Pure.
 */
import type { IssuedTicket, Localized, PrintBlock, PrintJob } from '../protocol';

export interface TicketLayoutInput {
  siteName: Localized;
  serviceName: Localized;
  ticket: IssuedTicket;
  timezone: string;
  /** Where the ticket's own service is (multi-stop visits list every stop with its place). */
  where?: Localized;
  /** Printed again for a visitor who already held this ticket. */
  reprint?: boolean;
  /** A visitor who misses their call may scan this ticket at a kiosk to go back in line (`noShow.requeueWithinMin` > 0). */
  missedRequeue?: boolean;
  at: number;
}

export function formatIssueTime(at: number, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * The wait as visitors see it everywhere: the range (queue/wait-range.ts, biased late) when the
 * ticket has one, "12-18 分钟" (an ASCII hyphen: every printer's Chinese font has it), else
 * the single estimate.
 */
function estimateLines(ticket: IssuedTicket): [string, string] {
  const sec = ticket.estimatedWaitSec;
  if (sec <= 0) return ['请留意叫号', 'Please watch the board'];
  const range = ticket.estimatedWaitRange;
  if (range) {
    const low = Math.round(range.lowSec / 60);
    const high = Math.max(1, Math.round(range.highSec / 60));
    if (low === 0) return [`预计 ${high} 分钟内叫号`, `Expected within ${high} min`];
    return [`预计等待 ${low}-${high} 分钟`, `Estimated wait ${low}-${high} min`];
  }
  const min = Math.max(1, Math.ceil(sec / 60));
  return [`预计等待约 ${min} 分钟`, `Estimated wait about ${min} min`];
}

/**
 * A multi-stop visit: this stop and the ones after it, each with where it is, so the visitor
 * knows the way without the phone page ("1. 挂号 1楼大厅 / 2. 缴费 2楼东侧 …"). Left-aligned, one
 * line per stop and language, cut to the roll's 48 columns (a Chinese character takes two).
 */
function routeBlocks(input: TicketLayoutInput, center: (text: string, extra?: { bold?: boolean }) => PrintBlock): PrintBlock[] {
  const rest = input.ticket.route ?? [];
  if (rest.length === 0) return [];
  const stops = [{ name: input.serviceName, where: input.where }, ...rest];
  const lines: PrintBlock[] = [
    { t: 'rule' },
    center(fitColumns(`本号依次办理 ${stops.length} 项 · ${stops.length} stops, one number`, 48), { bold: true }),
  ];
  stops.forEach((s, i) => {
    const zh = `${i + 1}. ${s.name.zh}${s.where ? `  ${s.where.zh}` : ''}`;
    const en = `   ${s.name.en}${s.where ? ` - ${s.where.en}` : ''}`;
    lines.push({ t: 'text', text: fitColumns(zh, 48), bold: i === 0 }, { t: 'text', text: fitColumns(en, 48) });
  });
  return lines;
}

/** Cuts `text` to `cols` printer columns: characters outside ASCII take two. */
export function fitColumns(text: string, cols: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    const w = (ch.codePointAt(0) ?? 0) > 0x7e ? 2 : 1;
    if (used + w > cols) break;
    used += w;
    out += ch;
  }
  return out;
}

export function renderTicketJob(input: TicketLayoutInput): PrintJob {
  const { ticket } = input;
  const center = (text: string, extra: Partial<Extract<PrintBlock, { t: 'text' }>> = {}): PrintBlock => ({
    t: 'text',
    text,
    align: 'center',
    ...extra,
  });
  const [zhWait, enWait] = estimateLines(ticket);
  const blocks: PrintBlock[] = [
    center(input.siteName.zh, { bold: true }),
    center(input.siteName.en),
    { t: 'rule' },
    center(input.serviceName.zh, { size: 2, bold: true }),
    center(input.serviceName.en),
    { t: 'feed', lines: 1 },
    center(ticket.number, { size: 4, bold: true }),
    { t: 'feed', lines: 1 },
    center(`前面还有 ${ticket.position} 人`, { size: 2 }),
    center(`${ticket.position} ${ticket.position === 1 ? 'person' : 'people'} ahead of you`),
    center(zhWait),
    center(enWait),
    { t: 'feed', lines: 1 },
    { t: 'qr', data: ticket.trackUrl, size: 6, align: 'center' },
    center('扫码查看排队进度'),
    center('Scan to follow your place in line'),
    { t: 'rule' },
    ...(input.missedRequeue
      ? [
          center('请留意叫号，过号请在自助机扫描本票重新排队', { bold: true }),
          center('Missed your number? Scan this ticket at a kiosk'),
        ]
      : [center('请留意叫号，过号须重新取号', { bold: true }), center('Missed your number? Please take a new ticket')]),
    center('本号当日有效 · Valid today only'),
    center(`取号时间 Issued ${formatIssueTime(ticket.issuedAt, input.timezone)}`),
  ];
  const route = routeBlocks(input, center);
  if (route.length > 0) blocks.splice(blocks.findIndex((b) => b.t === 'qr') - 1, 0, ...route);
  if (input.reprint) blocks.push(center(`补打 Reprint ${formatIssueTime(input.at, input.timezone)}`));
  return { blocks, cut: 'full' };
}
