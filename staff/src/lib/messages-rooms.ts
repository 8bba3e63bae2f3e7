/** The staff console's strings for clinic rooms (two-step calling), in both languages. */
export const roomMessages = {
  callToDoor: { zh: '叫到门口候诊', en: 'Call to the door' },
  callToDoorHint: { zh: '门口 {n}/{size} 人', en: '{n} of {size} at the door' },
  callIn: { zh: '请进诊室', en: 'Call in' },
  callInHint: { zh: '下一位 {number}', en: 'Next: {number}' },
  atDoor: { zh: '门口候诊', en: 'At the door' },
  doorEmpty: { zh: '门口无人候诊', en: 'Nobody at the door' },
  calledToDoor: { zh: '{number} 已叫到门口候诊', en: '{number} called to the door' },
  errDoorFull: { zh: '门口候诊人数已满：请先叫一位进诊室', en: 'The door list is full: call one in first' },
  errNotAtDoor: { zh: '门口无人候诊：请先叫到门口', en: 'Nobody waits at the door: call one to the door first' },
  errTwoStepOff: { zh: '本窗口的业务未开启两步叫号', en: 'This counter serves no service with two-step calling' },
  // Set-up (admin): per service.
  roomsAndNames: { zh: '诊室两步叫号与屏幕姓名', en: 'Clinic rooms and names on screens' },
  roomsAndNamesLead: {
    zh: '两步叫号：先叫到诊室门口候诊，再请进诊室。姓名取自取号时读取的身份证，只显示遮挡后的形式（张*三），只保留当天。',
    en: 'Two-step calling: first to the room’s door, then into the room. Names come from the ID card read at check-in, shown masked only (张*三), kept for the day only.',
  },
  twoStep: { zh: '两步叫号', en: 'Two-step calling' },
  doorSize: { zh: '门口候诊人数', en: 'At the door (max.)' },
  namesOnScreens: { zh: '屏幕与语音', en: 'Screens and voice' },
  names_number: { zh: '仅号码', en: 'Number only' },
  names_masked: { zh: '遮挡姓名', en: 'Masked name' },
  names_both: { zh: '号码+遮挡姓名', en: 'Number + masked name' },
} as const;
