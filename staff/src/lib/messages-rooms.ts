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
} as const;
