/** Every string the kiosk shows, in both languages. */
import { createTranslator, type Messages } from '@callboard/hub/client';

export const messages = {
  welcome: { zh: '欢迎', en: 'Welcome' },
  chooseService: { zh: '请选择要办理的业务', en: 'Please choose a service' },
  largeText: { zh: '大字模式', en: 'Large text' },
  loading: { zh: '正在加载…', en: 'Loading…' },
  unreachable: {
    zh: '暂时无法连接，请稍候或咨询工作人员',
    en: 'The system cannot be reached. Please wait or ask a member of staff.',
  },
  noServices: {
    zh: '当前没有可取号的业务，请咨询工作人员',
    en: 'No service is taking tickets now. Please ask a member of staff.',
  },
  waiting: { zh: '{n} 人等候', en: '{n} waiting' },
  noneWaiting: { zh: '无需等候', en: 'No one waiting' },
  notOpen: { zh: '当前未开放', en: 'Not open now' },
  issuing: { zh: '正在取号…', en: 'Getting your ticket…' },
  yourNumber: { zh: '您的号码', en: 'Your number' },
  peopleAhead: { zh: '前面还有 {n} 人', en: '{n} ahead of you' },
  youAreNext: { zh: '您是下一位', en: 'You are next' },
  estimatedWait: { zh: '预计等候 {wait}', en: 'Estimated wait: {wait}' },
  keepTicket: { zh: '请保管好您的号票，留意叫号屏幕', en: 'Please keep your ticket and watch the screen for your number' },
  tapToFinish: { zh: '轻触屏幕返回', en: 'Tap the screen to finish' },
  dismiss: { zh: '知道了', en: 'OK' },
  errServiceClosed: {
    zh: '该业务当前不办理，请选择其他业务或咨询工作人员',
    en: 'This service is closed now. Please choose another or ask a member of staff.',
  },
  errRateLimited: { zh: '取号过于频繁，请稍后再试', en: 'Too many tickets in a short time. Please try again in a moment.' },
  errAlreadyWaiting: { zh: '您已在该业务排队中', en: 'You are already waiting for this service.' },
  errNumbersExhausted: {
    zh: '该业务今日号码已发完，请咨询工作人员',
    en: 'All of today’s numbers for this service are taken. Please ask a member of staff.',
  },
  errTryAgain: { zh: '取号未成功，请再试一次', en: 'Something went wrong. Please try again.' },
} satisfies Messages;

export type MessageKey = keyof typeof messages;

export const t = createTranslator(messages);
