/** The kiosk's words for "I missed my call" (过号重新排队), in both languages. */
export const missedMessages = {
  missedButton: { zh: '我过号了', en: 'I missed my call' },
  missedButtonHint: { zh: '扫描号票二维码，重新排队', en: 'Scan your ticket to get back in line' },
  missedTitle: { zh: '过号重新排队', en: 'Missed your call?' },
  missedLead: {
    zh: '请将号票（或手机上的排队页面）上的二维码对准扫码口',
    en: 'Hold the QR code on your ticket (or the queue page on your phone) to the scanner',
  },
  missedWaiting: { zh: '正在等待扫码…', en: 'Waiting for your ticket…' },
  missedBack: { zh: '已重新排队，请留意叫号', en: 'You are back in line. Watch for your number.' },
  sayMissedBack: { zh: '{number}号，已重新排队', en: 'Number {number}, you are back in line' },
  errMissedLimit: {
    zh: '此号已重新排过队，不能再次排队，请重新取号',
    en: 'This ticket has already been put back once. Please take a new ticket.',
  },
  errMissedExpired: {
    zh: '过号时间太久，不能重新排队，请重新取号',
    en: 'Your call was too long ago to get back in line. Please take a new ticket.',
  },
  errMissedWaiting: {
    zh: '此号仍在排队中，无需重新排队，请留意叫号',
    en: 'This ticket is still in the line: no need to check in again. Watch for your number.',
  },
  errMissedNotMissed: {
    zh: '此号已办结或已取消，不能重新排队，请重新取号',
    en: 'This ticket is finished or cancelled and cannot go back in line. Please take a new ticket.',
  },
  errMissedUnknown: {
    zh: '未能识别此号票（只限今日号票），请咨询工作人员',
    en: 'This is not a ticket of today. Please ask a member of staff.',
  },
  /** The phone page's fairness line: a supervisor's call out of turn (its reason is in the supervisor's report). */
  calledBeforePick: { zh: '主管特批', en: 'supervisor’s pick' },
} as const;
