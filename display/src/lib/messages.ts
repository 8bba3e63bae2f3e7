/** Every string the waiting-room screens show; screens show both languages at once. */
import { createTranslator, type Messages } from '@callboard/hub/client';

export const messages = {
  nowCalling: { zh: '请', en: 'Now calling' },
  goTo: { zh: '到 {counter} 办理', en: 'Please go to {counter}' },
  recall: { zh: '再次呼叫', en: 'Recall' },
  recentCalls: { zh: '最近叫号', en: 'Recent calls' },
  noCalls: { zh: '暂无叫号', en: 'No calls yet' },
  waiting: { zh: '{n} 人等候', en: '{n} waiting' },
  connecting: { zh: '正在连接…', en: 'Connecting…' },
  live: { zh: '在线', en: 'Live' },
  reconnecting: { zh: '连接中断，正在重连', en: 'Reconnecting' },
  nowServing: { zh: '正在办理', en: 'Now serving' },
  comeToCounter: { zh: '请到本窗口', en: 'Please come to this counter' },
  paused: { zh: '暂停服务', en: 'Paused' },
  closed: { zh: '本窗口已关闭', en: 'Closed' },
} satisfies Messages;

export const t = createTranslator(messages);
