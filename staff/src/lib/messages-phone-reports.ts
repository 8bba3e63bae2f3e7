/** Strings for phone contacts (the reports page, the screen-pop's earlier calls; docs/phone.md, docs/analytics.md), in both languages. */
export const phoneReportMessages = {
  phoneTitle: { zh: '电话渠道（按时段）', en: 'Phone channel by hour of the day' },
  phoneHint: {
    zh: '放弃率 = 接通前挂断的来电 ÷ 呼入来电（按来电时段）；回拨成功率 = 接通办结的回拨 ÷ 结束的回拨（含无法联系，按结束时段）',
    en: 'Abandon rate = calls hung up before answer ÷ calls offered (by the hour the call began); callback success = callbacks answered ÷ callbacks ended, unreachable included (by the hour they ended)',
  },
  phoneOffered: { zh: '呼入', en: 'Calls offered' },
  phoneAnswered: { zh: '接听', en: 'Answered' },
  phoneAbandoned: { zh: '放弃', en: 'Abandoned' },
  phoneAbandonRate: { zh: '放弃率', en: 'Abandon rate' },
  callbacksEnded: { zh: '回拨结束', en: 'Callbacks ended' },
  callbacksAnswered: { zh: '回拨接通', en: 'Callbacks answered' },
  callbackSuccessRate: { zh: '回拨成功率', en: 'Callback success' },
  channelsTitle: { zh: '跨渠道重复（原接触 → 重复接触）', en: 'Repeats across channels (contact → repeat)' },
  channel_visit: { zh: '窗口来访', en: 'Visit' },
  channel_phone: { zh: '电话', en: 'Phone call' },
  // How a phone contact ended, as the repeat drill-down's outcome column shows it.
  outcome_answered: { zh: '已接听', en: 'Answered' },
  outcome_abandoned: { zh: '未接听挂断', en: 'Hung up before answer' },
  outcome_unreachable: { zh: '无法联系', en: 'Unreachable' },
  // The screen-pop: earlier calls of the number (phone-contacts.db).
  callHistoryCalls: { zh: '来电 {n} 次', en: '{n} earlier call(s)' },
  phoneNoService: { zh: '电话（未注明业务）', en: 'Phone (service not given)' },
};
