/** The staff console's strings for a person's request (the personal data page), in both languages. */
export const personalDataMessages = {
  personalData: { zh: '个人信息', en: 'Personal data' },
  personalDataIntro: {
    zh: '查询、导出或删除某人的个人信息：请本人出示身份证或手机号。号码只用于本次查询，不会保存。',
    en: 'Find, export or erase what is held about a person who shows their ID card or phone number. The number is used for this request only and never kept.',
  },
  personKind: { zh: '证件类型', en: 'Kind' },
  kindIdCard: { zh: '身份证号', en: 'ID number' },
  kindPhone: { zh: '手机号', en: 'Phone number' },
  personNumber: { zh: '号码', en: 'Number' },
  personFound: {
    zh: '{masked}：{visits} 次到访，{appointments} 个预约',
    en: '{masked}: {visits} visits, {appointments} appointments',
  },
  personNothing: { zh: '{masked}：没有任何记录', en: '{masked}: nothing is held' },
  downloadJson: { zh: '下载 JSON 文件', en: 'Download as JSON' },
  erasePerson: { zh: '删除与此人的关联', en: 'Erase the link to this person' },
  eraseConfirm: { zh: '确认删除（不可恢复）', en: 'Confirm erasure (cannot be undone)' },
  erasedPerson: {
    zh: '已删除 {masked} 的关联：{tickets} 张号票、{appointments} 个预约现为匿名记录，统计数字不变。',
    en: 'Erased {masked}: {tickets} tickets and {appointments} appointments are anonymous now; the figures stay the same.',
  },
  errInvalidIdNumber: { zh: '身份证号有误，请核对', en: 'That ID number is not valid: check it' },
  errPersonHasOpenRecords: {
    zh: '此人仍在排队或有未到的预约：请先办结或取消，再删除',
    en: 'This person is still in the queue or has a booking to come: finish or cancel it first',
  },
  cardReader: { zh: '读卡器', en: 'Card reader' },
  readCard: { zh: '读取身份证', en: 'Read the ID card' },
  waitingForCard: { zh: '请本人将身份证放在读卡器上…', en: 'Ask the person to place their ID card on the reader…' },
  cardReadExpired: { zh: '一分钟内没有读到身份证，请重试', en: 'No card was read within a minute: try again' },
  orTypeNumber: { zh: '或输入号码', en: 'or type the number' },
};
