/** Every string the waiting-room screens show; a screen shows the languages it is configured for. */
import { createTranslator, type Messages } from '@callboard/hub/client';

export const messages = {
  nowCalling: { zh: '请', en: 'Now calling' },
  goTo: { zh: '到 {counter} 办理', en: 'Please go to {counter}' },
  recall: { zh: '再次呼叫', en: 'Recall' },
  recentCalls: { zh: '最近叫号', en: 'Recent calls' },
  noCalls: { zh: '暂无叫号', en: 'No calls yet' },
  waiting: { zh: '{n} 人等候', en: '{n} waiting' },
  connecting: { zh: '正在连接…', en: 'Connecting…' },
  connectionLost: { zh: '连接中断', en: 'Connection lost' },
  nowServing: { zh: '正在办理', en: 'Now serving' },
  comeToCounter: { zh: '请到本窗口', en: 'Please come to this counter' },
  paused: { zh: '暂停服务', en: 'Paused' },
  closed: { zh: '本窗口已关闭', en: 'Closed' },
  tapForSound: { zh: '轻触开启声音', en: 'Tap to turn on sound' },
} satisfies Messages;

export const t = createTranslator(messages);
