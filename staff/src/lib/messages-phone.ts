/** The staff console's strings for callbacks (the phone channel, docs/phone.md), in both languages. */
export const phoneMessages = {
  kind_pbx: { zh: '电话网关（IVR）', en: 'PBX gateway (IVR)' },
  callBack: { zh: '回拨 {phone}', en: 'Call back {phone}' },
  dial: { zh: '拨打', en: 'Dial' },
  dialSoftphone: { zh: '用本机软电话拨打', en: 'Dial on this PC’s softphone' },
  dialSent: { zh: '已请电话系统为您拨打 {phone}', en: 'The phone system is dialling {phone} for you' },
  noAnswer: { zh: '无人接听，稍后再拨', en: 'No answer — try again later' },
  callbackAttempts: { zh: '已有 {n} 次未接通', en: '{n} unanswered call(s) so far' },
  callbackBefore: { zh: '来电人希望 {time} 前回电', en: 'The caller asked to be called before {time}' },
  callbackRequeued: {
    zh: '{number} 无人接听：已放回队列，{time} 后再拨',
    en: '{number}: no answer — back in the line, called again after {time}',
  },
  callbackUnreachable: {
    zh: '{number} 多次无人接听，已结束（无法联系）',
    en: '{number}: no answer again — ended as unreachable',
  },
  extension: { zh: '分机', en: 'Extension' },
  useExtension: { zh: '设置', en: 'Set' },
  callRinging: { zh: '来电 {phone}', en: 'Call from {phone}' },
  callAnswered: { zh: '通话中 {phone}', en: 'On the phone with {phone}' },
  callHistory: {
    zh: '近 {days} 天来访 {visits} 次 · 待跟进 {followUps}',
    en: 'Last {days} days: {visits} visits · {followUps} open follow-ups',
  },
  repeatContact: { zh: '重复来访', en: 'Repeat contact' },
  why_notCallback: { zh: '仅用于电话回拨', en: 'For callbacks only' },
};
