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
  free: { zh: '等待叫号', en: 'Ready' },
  noCounters: { zh: '暂无开放窗口', en: 'No counter open' },
  nextUp: { zh: '下一位 {number}', en: 'Next: {number}' },
  closed: { zh: '本窗口已关闭', en: 'Closed' },
  tapForSound: { zh: '轻触开启声音', en: 'Tap to turn on sound' },
  pairTitle: { zh: '配对此屏幕', en: 'Pair this screen' },
  pairHint: {
    zh: '请主管在管理台“设备配对”中输入此配对码',
    en: 'A supervisor enters this code in the staff console (device pairing)',
  },
  pairRequesting: { zh: '正在申请配对码…', en: 'Asking for a pairing code…' },
  pairUnreachable: { zh: '无法连接服务器，稍后重试', en: 'Cannot reach the hub, trying again shortly' },
  pairRejected: { zh: '配对被拒绝', en: 'Pairing refused' },
  pairAgain: { zh: '重新申请', en: 'Ask again' },
  // Clinic rooms (two-step calling) and the room screen.
  goToDoor: { zh: '到 {counter} 门口候诊', en: 'Please wait at the door of {counter}' },
  enterRoom: { zh: '进入 {counter} 就诊', en: 'Please enter {counter}' },
  inRoom: { zh: '正在就诊', en: 'In the room' },
  nextAtDoor: { zh: '门口候诊', en: 'Waiting at the door' },
  doorEmpty: { zh: '暂无候诊', en: 'Nobody waiting at the door' },
  doctor: { zh: '医生', en: 'Doctor' },
  roomPaused: { zh: '暂停就诊', en: 'Consultations paused' },
  roomFree: { zh: '请稍候', en: 'Please wait' },
} satisfies Messages;

export const t = createTranslator(messages);
