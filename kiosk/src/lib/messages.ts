/** Every string the kiosk and the phone tracking page show or say, in both languages. */
import { createTranslator, type Messages } from '@callboard/hub/client';
import { missedMessages } from './missed-messages';

export const messages = {
  // ----- welcome and services -----
  welcome: { zh: '欢迎', en: 'Welcome' },
  chooseService: { zh: '请选择要办理的业务', en: 'Please choose a service' },
  elderly: { zh: '长者模式', en: 'Senior mode' },
  elderlyHint: { zh: '大字、高对比、语音提示', en: 'Large text, high contrast, spoken prompts' },
  languageName: { zh: '中文', en: 'English' },
  loading: { zh: '正在加载…', en: 'Loading…' },
  unreachable: {
    zh: '暂时无法连接，请稍候或咨询工作人员',
    en: 'The system cannot be reached. Please wait or ask a member of staff.',
  },
  retryingIn: { zh: '{n} 秒后自动重试', en: 'Trying again in {n} s' },
  noServices: {
    zh: '当前没有可取号的业务，请咨询工作人员',
    en: 'No service is taking tickets now. Please ask a member of staff.',
  },
  waiting: { zh: '{n} 人等候', en: '{n} waiting' },
  noneWaiting: { zh: '无需等候', en: 'No one waiting' },
  notOpen: { zh: '当前未开放', en: 'Not open now' },
  issuing: { zh: '正在取号…', en: 'Getting your ticket…' },
  previousPage: { zh: '上一页', en: 'Previous' },
  nextPage: { zh: '下一页', en: 'More services' },
  pageOf: { zh: '第 {n} / {total} 页', en: 'Page {n} of {total}' },
  connectionLost: { zh: '连接中断，正在重连', en: 'Connection lost, reconnecting' },

  // ----- identity step -----
  identityTitle: { zh: '请出示身份信息', en: 'Who are you?' },
  identityLead: {
    zh: '出示身份证、扫码或输入手机号，方便工作人员为您办理',
    en: 'Show your ID card, scan a code or type your phone number, so staff can serve you',
  },
  identityRequired: { zh: '此业务需要身份信息', en: 'This service needs your identity' },
  methodCard: { zh: '刷身份证', en: 'ID card' },
  methodCardHint: { zh: '放在读卡区', en: 'Place it on the reader' },
  methodQr: { zh: '扫预约码 / 医保码', en: 'Scan a QR code' },
  methodQrHint: { zh: '预约码或医保电子凭证', en: 'Appointment or insurance code' },
  methodPhone: { zh: '输入手机号', en: 'Phone number' },
  methodPhoneHint: { zh: '用屏幕键盘输入', en: 'Type it on the screen' },
  skip: { zh: '跳过，直接取号', en: 'Skip, just give me a ticket' },
  moreWays: { zh: '其他方式', en: 'Other ways' },
  back: { zh: '返回', en: 'Back' },
  cancel: { zh: '取消', en: 'Cancel' },
  startOver: { zh: '返回首页', en: 'Start over' },
  forService: { zh: '办理：{service}', en: 'For: {service}' },

  cardTitle: { zh: '请将身份证放在读卡区', en: 'Place your ID card on the reader' },
  cardLead: { zh: '读卡区在屏幕下方，放好后请稍候', en: 'The reader is below the screen. Keep the card there for a moment.' },
  cardWaiting: { zh: '正在等待身份证…', en: 'Waiting for your card…' },
  cardReaderUnavailable: {
    zh: '读卡器暂时无法使用，请选择其他方式',
    en: 'The card reader cannot be used right now. Please choose another way.',
  },
  scanTitle: { zh: '请将二维码对准扫码口', en: 'Hold your QR code to the scanner' },
  scanLead: {
    zh: '预约码或医保电子凭证，对准屏幕下方的扫码口',
    en: 'Your appointment or insurance code, held to the scanner below the screen',
  },
  scanWaiting: { zh: '正在等待扫码…', en: 'Waiting for a code…' },
  phoneTitle: { zh: '请输入手机号码', en: 'Type your mobile number' },
  phoneLead: {
    zh: '只用于叫号时联系您，屏幕上会隐去中间四位',
    en: 'Only to reach you about your visit; the screen hides the middle digits',
  },
  phoneInvalid: { zh: '请输入 11 位手机号码（已输入 {n} 位）', en: 'Please type an 11-digit mobile number ({n} typed so far)' },
  homePaperEnd: {
    zh: '取号机暂时无法打印号票：取号后请用手机拍下号码和二维码，工作人员正在处理',
    en: 'This kiosk cannot print tickets right now: after taking a number, photograph it and its QR code. Staff are on their way',
  },
  homeCoverOpen: {
    zh: '打印机盖未关好，暂时无法打印号票：取号后请用手机拍下号码和二维码',
    en: 'The printer cover is open, so no ticket can be printed: after taking a number, photograph it and its QR code',
  },
  phoneNotMobile: {
    zh: '这不是手机号码：手机号以 13–19 开头，请检查后重新输入',
    en: 'This is not a mobile number: it starts with 13–19. Please check and type it again',
  },
  phoneEmpty: { zh: '尚未输入', en: 'Nothing typed yet' },
  digit: { zh: '数字 {d}', en: 'Digit {d}' },
  deleteDigit: { zh: '删除', en: 'Delete' },
  clearAll: { zh: '清空', en: 'Clear' },
  confirm: { zh: '确定', en: 'Confirm' },

  // ----- appointment check-in -----
  haveAppointment: { zh: '我有预约', en: 'I have an appointment' },
  haveAppointmentHint: { zh: '扫预约码或输入预约号签到', en: 'Check in with your booking QR code or reference' },
  apptTitle: { zh: '预约签到', en: 'Appointment check-in' },
  apptLead: {
    zh: '请将预约二维码对准扫码口，或在下方输入 8 位预约号',
    en: 'Hold your booking QR code to the scanner, or type the 8-character reference below',
  },
  apptRefEmpty: { zh: '尚未输入预约号', en: 'No reference typed yet' },
  apptKey: { zh: '字符 {c}', en: 'Character {c}' },
  apptKeypad: { zh: '预约号键盘', en: 'Reference keypad' },
  apptCheckIn: { zh: '签到取号', en: 'Check in' },
  apptCheckingIn: { zh: '正在签到…', en: 'Checking in…' },
  apptRefShort: { zh: '预约号为 8 位，请核对', en: 'A reference has 8 characters. Please check it.' },
  apptErrNotFound: {
    zh: '找不到此预约，请核对预约号或咨询工作人员',
    en: 'No appointment has this reference. Please check it or ask a member of staff.',
  },
  apptErrCheckedIn: {
    zh: '此预约已签到过，请留意您的号票或咨询工作人员',
    en: 'This appointment is already checked in. Please keep your ticket or ask a member of staff.',
  },
  apptErrCancelled: {
    zh: '此预约已取消，如需办理请直接取号',
    en: 'This appointment was cancelled. Please take a ticket for the service instead.',
  },
  apptErrNoShow: {
    zh: '已超过预约签到时间，预约已失效，请直接取号',
    en: 'The time to check in for this appointment has passed. Please take a ticket for the service instead.',
  },
  apptErrNotToday: {
    zh: '此预约不是今天的，请在预约当天前来签到',
    en: 'This appointment is not for today. Please check in on the day of your appointment.',
  },
  apptErrNotActive: {
    zh: '此预约已无法签到，请咨询工作人员',
    en: 'This appointment cannot be checked in. Please ask a member of staff.',
  },
  apptErrUnreachable: {
    zh: '暂时无法连接到系统，请稍后再试或咨询工作人员',
    en: 'The system cannot be reached. Please try again in a moment or ask a member of staff.',
  },
  apptAt: { zh: '预约时间 {time}', en: 'Appointment at {time}' },
  apptOnTime: {
    zh: '您已按时签到，将优先为您叫号',
    en: 'You are on time: you will be called ahead of visitors without an appointment',
  },
  apptEarly: {
    zh: '您的预约时间是 {time}，您来早了：{opens} 前按普通号排队，{opens} 起将优先为您叫号',
    en: 'Your appointment is at {time}; you are early. You wait as a walk-in until {opens}, then you will be called ahead of walk-ins.',
  },
  apptLate: {
    zh: '您的预约时间是 {time}，您已迟到，将按普通号排队',
    en: 'Your appointment was at {time}; you are late, so you will wait as a walk-in.',
  },

  // ----- confirmation -----
  yourNumber: { zh: '您的号码', en: 'Your number' },
  existingTitle: { zh: '您已取过号，这是您的号码', en: 'You already have a ticket — here it is' },
  peopleAhead: { zh: '前面还有 {n} 人', en: '{n} ahead of you' },
  youAreNext: { zh: '您是下一位', en: 'You are next' },
  estimatedWait: { zh: '预计等候 {wait}', en: 'Estimated wait: {wait}' },
  calledBefore: { zh: '比您晚到但先被叫号的有 {n} 位：{parts}', en: '{n} people who came after you were called first: {parts}' },
  calledBeforePart: { zh: '{n} 位{what}', en: '{n} {what}' },
  calledBeforeTransfer: { zh: '转办', en: 'transferred visit' },
  identityShown: { zh: '身份：{id}', en: 'Identity: {id}' },
  keepTicket: { zh: '请保管好您的号票，留意叫号屏幕', en: 'Please keep your ticket and watch the screen for your number' },
  scanToTrack: { zh: '手机扫码，随时查看排队进度', en: 'Scan with your phone to follow your place in line' },
  qrLabel: { zh: '查看排队进度的二维码：{url}', en: 'QR code to follow your place in line: {url}' },
  printing: { zh: '号票正在打印，请取票', en: 'Your ticket is printing — please take it' },
  printed: { zh: '请取走您的号票', en: 'Please take your ticket' },
  printPaperEnd: {
    zh: '打印机缺纸，无法打印号票。请用手机扫描二维码或记下您的号码，工作人员已收到提示。',
    en: 'The printer is out of paper, so no ticket was printed. Scan the QR code or note your number; staff have been alerted.',
  },
  printCoverOpen: {
    zh: '打印机盖未关好，无法打印号票。请用手机扫描二维码或记下您的号码。',
    en: 'The printer cover is open, so no ticket was printed. Scan the QR code or note your number.',
  },
  printOffline: {
    zh: '打印机暂时无法使用。请用手机扫描二维码或记下您的号码。',
    en: 'The printer is not available. Scan the QR code or note your number.',
  },
  printFailed: {
    zh: '号票未能打印。请用手机扫描二维码或记下您的号码。',
    en: 'Your ticket could not be printed. Scan the QR code or note your number.',
  },
  printerOutOfPaper: { zh: '打印机缺纸', en: 'Printer out of paper' },
  photoHint: {
    zh: '请用手机拍下您的号码和二维码',
    en: 'Take a photo of your number and this QR code with your phone',
  },
  printerProblem: { zh: '打印机暂不可用', en: 'Printer not available' },
  done: { zh: '完成', en: 'Done' },

  // ----- failures -----
  hubDownTitle: { zh: '暂时无法连接到系统', en: 'The system cannot be reached' },
  hubDownLead: {
    zh: '您的取号请求会自动重试，不会重复取号。',
    en: 'Your request will be sent again by itself; you will not get two tickets.',
  },
  tryNow: { zh: '立即重试', en: 'Try now' },
  hubGaveUp: {
    zh: '仍无法连接，请咨询工作人员',
    en: 'Still no connection. Please ask a member of staff.',
  },
  closedTitle: { zh: '{service}当前不办理', en: '{service} is closed now' },
  closedHours: { zh: '办理时间：{hours}', en: 'Opening hours: {hours}' },
  closedNextOpening: { zh: '下次开始办理：{when}', en: 'Opens again: {when}' },
  closedLead: { zh: '请选择其他业务或咨询工作人员', en: 'Please choose another service or ask a member of staff.' },
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
  errIdentityInvalid: {
    zh: '身份信息无法识别，请换一种方式或咨询工作人员',
    en: 'That identity could not be used. Please try another way or ask a member of staff.',
  },
  errCardRead: { zh: '未能读取身份证，请重新放置', en: 'The card could not be read. Please place the card again.' },
  errCardInvalid: {
    zh: '此证件无法识别，请重新放置或选择其他方式',
    en: 'This card could not be recognised. Please place the card again or choose another way.',
  },
  errStorageFull: {
    zh: '系统暂时无法出号，请咨询工作人员',
    en: 'Tickets cannot be issued at the moment. Please ask a member of staff.',
  },
  errTryAgain: { zh: '取号未成功，请再试一次', en: 'Something went wrong. Please try again.' },

  // ----- pairing -----
  pairTitle: { zh: '此取号机尚未启用', en: 'This kiosk is not set up yet' },
  pairLead: {
    zh: '请值班主管在工作台的“设备配对”中核对并批准以下配对码',
    en: 'A supervisor approves this kiosk in the staff console (Device pairing) with this code',
  },
  pairCode: { zh: '配对码', en: 'Pairing code' },
  pairDevice: { zh: '设备：{device}', en: 'Device: {device}' },
  pairExpires: { zh: '{n} 分钟内有效', en: 'Valid for {n} min' },
  pairWaiting: { zh: '等待批准…', en: 'Waiting for approval…' },
  pairRejected: { zh: '配对被拒绝', en: 'Pairing was refused' },
  pairAgain: { zh: '重新申请配对', en: 'Ask again' },
  pairDone: { zh: '配对成功，正在启动…', en: 'Paired, starting…' },

  // ----- spoken prompts -----
  sayWelcome: { zh: '欢迎。请选择要办理的业务。', en: 'Welcome. Please choose a service.' },
  sayIdentity: {
    zh: '请选择身份验证方式：刷身份证、扫码，或输入手机号。',
    en: 'Please show your ID card, scan a code, or type your phone number.',
  },
  sayNumber: { zh: '您的号码是 {number}。{ahead}', en: 'Your number is {number}. {ahead}' },
  sayExisting: { zh: '您已取过号。您的号码是 {number}。', en: 'You already have a ticket. Your number is {number}.' },

  // ----- phone tracking page -----
  trackTitle: { zh: '排队进度', en: 'Your place in line' },
  trackCalled: { zh: '请到 {counter} 办理', en: 'Please go to {counter} now' },
  trackAtDoor: { zh: '请到 {counter} 门口候诊', en: 'Please wait at the door of {counter}' },
  trackCalledLead: { zh: '正在叫您的号', en: 'You are being called' },
  trackServing: { zh: '正在 {counter} 为您办理', en: 'Being served at {counter}' },
  trackServingHere: { zh: '正在为您办理', en: 'You are being served' },
  trackDone: { zh: '办理完毕，感谢您的耐心等候', en: 'Your visit is complete. Thank you for waiting.' },
  trackNoShow: { zh: '叫号时您未到场，请咨询工作人员', en: 'You missed your call. Please ask a member of staff.' },
  trackCancelled: { zh: '此号已取消', en: 'This ticket was cancelled' },
  trackClosedUnserved: {
    zh: '未办理：今日办理时间已结束，请在下次办理时间再来',
    en: "Not served — closed: today's service hours have ended. Please come back when it opens again",
  },
  trackTransferred: { zh: '您已转到其他业务，号码不变', en: 'You were moved to another service; your number stays the same' },
  trackNotFound: {
    zh: '找不到此号票（号票仅当天有效）',
    en: 'This ticket cannot be found (tickets are valid on the day they are issued)',
  },
  trackUpdated: { zh: '更新于 {time}', en: 'Updated {time}' },
  trackLive: { zh: '实时更新', en: 'Live' },
  trackOffline: { zh: '连接中断，正在重试', en: 'Offline, retrying' },
  trackNowCalling: { zh: '本业务正在叫号：{numbers}', en: 'Now calling for this service: {numbers}' },
  cancelTicket: { zh: '不需要了，取消排队', en: 'I no longer need it: cancel my ticket' },
  cancelConfirm: {
    zh: '确定取消 {number} 吗？取消后如需办理，须重新取号。',
    en: 'Cancel {number}? To be served later you would need a new ticket.',
  },
  cancelYes: { zh: '确定取消', en: 'Yes, cancel' },
  cancelNo: { zh: '不取消', en: 'Keep my ticket' },
  cancelFailed: { zh: '未能取消，请稍后再试', en: 'Could not cancel. Please try again.' },
  trackHint: { zh: '此页会自动更新，无需刷新', en: 'This page updates by itself' },
  rateTitle: { zh: '请为本次服务评分', en: 'How was your visit?' },
  notifyTitle: { zh: '到号提醒', en: 'Tell me when it is nearly my turn' },
  textMe: { zh: '短信提醒我（前面还剩 3 人时、叫到我时）', en: 'Text me when 3 are ahead and when I am called' },
  textMeDone: { zh: '好的，将发短信到 {phone}', en: 'Done: texts will go to {phone}' },
  notifyOn: { zh: '已开启 ✓', en: 'On ✓' },
  notifyAhead: { zh: '前面还剩几人时提醒我', en: 'Alert me when this many are ahead' },
  notifyAheadOff: { zh: '不提醒', en: 'Off' },
  notifyOnCall: { zh: '叫到我的号时提醒我', en: 'Alert me when I am called' },
  notifyPhone: { zh: '同时发短信到（可选）', en: 'Also text me at (optional)' },
  notifyPhonePlaceholder: { zh: '11 位手机号', en: '11-digit mobile number' },
  notifySave: { zh: '保存提醒', en: 'Save alerts' },
  notifySaved: { zh: '已保存。请保持此页打开，到时会响铃并振动。', en: 'Saved. Keep this page open: it will ring and buzz.' },
  notifySmsTo: { zh: '短信将发送到 {phone}', en: 'Texts go to {phone}' },
  notifyStop: { zh: '不再发短信', en: 'Stop texts' },
  notifyFailed: { zh: '未能保存，请稍后再试', en: 'Could not save. Please try again.' },
  notifyPhoneInvalid: { zh: '请输入正确的 11 位手机号', en: 'Please enter a valid 11-digit mobile number' },
  notifyPrivacy: {
    zh: '号码加密保存，仅用于本次提醒，当天营业结束即删除。',
    en: 'Your number is stored encrypted, used only for these alerts, and deleted at the end of the day.',
  },
  alertAhead: {
    zh: '快到您了：前面还有 {n} 人，请回到等候区',
    en: 'Nearly your turn: {n} ahead of you. Please come back to the waiting area.',
  },
  alertTitleAhead: { zh: '还有{n}人', en: '{n} ahead' },
  alertTitleCalled: { zh: '到您了', en: 'Your turn' },
  alertDismiss: { zh: '知道了', en: 'OK' },
  rateStar: { zh: '{n} 星', en: '{n} of 5 stars' },
  rateThanks: { zh: '感谢您的评价', en: 'Thank you for your rating' },
  rateFailed: { zh: '评分未能提交，请稍后再试', en: 'The rating could not be sent. Please try again.' },
  trackLapsed: {
    zh: '未在规定时间内确认到场，此号已失效，请重新取号',
    en: 'You did not confirm your arrival in time, so this ticket has lapsed. Please take a new one.',
  },
  arrivalTitle: { zh: '到场后请确认', en: 'Confirm when you arrive' },
  arrivalLead: {
    zh: '确认到场前不会叫您的号，但会为您保留位置。到场后点“我已到场”，或在取号机扫描下方二维码。',
    en: 'You keep your place, but you are not called until you confirm. On arrival press “I’m here”, or scan the code below at a kiosk.',
  },
  arrivalDeadline: {
    zh: '已轮到您，请在 {time} 前确认到场，否则此号失效',
    en: 'It is your turn: confirm by {time} or the ticket lapses',
  },
  imHere: { zh: '我已到场', en: 'I’m here' },
  arrivalConfirmed: { zh: '已确认到场，请留意叫号', en: 'Arrival confirmed. Watch for your number.' },
  arrivalOffSite: {
    zh: '请连接现场 Wi-Fi 后再点，或在取号机扫码',
    en: 'Connect to the site’s Wi-Fi first, or scan your code at a kiosk',
  },
  arrivalFailed: { zh: '未能确认，请稍后再试', en: 'Could not confirm. Please try again.' },
  checkInQr: { zh: '到场确认二维码', en: 'Check-in code' },
  lateTitle: { zh: '要晚点到？', en: 'Running late?' },
  lateLead: { zh: '可以让后面的人先办（还可调整 {n} 次）', en: 'Let people behind you go first ({n} left)' },
  lateBack: { zh: '后移 {n} 位', en: 'Move back {n}' },
  lateEnd: { zh: '排到最后', en: 'To the end' },
  lateDone: { zh: '已后移，现在前面 {n} 人', en: 'Moved back: {n} ahead of you now' },
  lateFailed: { zh: '未能调整，请稍后再试', en: 'Could not move your ticket. Please try again.' },

  // ----- joining from a phone -----
  joinTitle: { zh: '手机取号', en: 'Join the queue' },
  joinLead: { zh: '选择业务，取号后可在手机上查看进度', en: 'Choose a service; follow your place on this phone' },
  joinNone: {
    zh: '当前没有可在手机上取号的业务，请到取号机取号',
    en: 'No service takes tickets from phones now. Please use a kiosk.',
  },
  joinClosedHours: { zh: '当前未开放', en: 'Not open now' },
  joinClosedLate: { zh: '今日手机取号已截止', en: 'Phone tickets have closed for today' },
  joinClosedFull: { zh: '今日手机取号名额已满', en: 'Today’s phone tickets are all taken' },
  joinConfirmNote: { zh: '到场后需确认', en: 'Confirm on arrival' },
  joinTake: { zh: '取号', en: 'Take a ticket' },
  joinPhoneTitle: { zh: '验证手机号', en: 'Verify your phone number' },
  joinPhoneLead: {
    zh: '不在现场 Wi-Fi 时，需用短信验证码取号',
    en: 'Away from the site’s Wi-Fi, a text message code proves your number',
  },
  joinPhoneNumber: { zh: '手机号', en: 'Phone number' },
  joinSendCode: { zh: '发送验证码', en: 'Send code' },
  joinCode: { zh: '验证码', en: 'Code' },
  joinCodeSent: { zh: '验证码已发送，{n} 分钟内有效', en: 'Code sent; valid for {n} minutes' },
  joinNeedsWifi: { zh: '请连接现场 Wi-Fi 后取号，或到取号机取号', en: 'Connect to the site’s Wi-Fi to join, or use a kiosk' },
  joinFailed: { zh: '未能取号：{reason}', en: 'Could not join: {reason}' },
  joinErrLimit: { zh: '取号次数过多，请稍后再试或到取号机取号', en: 'Too many tickets; try later or use a kiosk' },
  joinErrCode: { zh: '验证码错误或已过期', en: 'The code is wrong or has expired' },
  joinErrHeld: { zh: '此手机号已有该业务的号', en: 'This number already holds a ticket for this service' },
  joinErrClosed: { zh: '此业务现在不能手机取号', en: 'This service takes no phone tickets now' },
  joinErrOther: { zh: '请稍后再试', en: 'Please try again' },

  // ----- a remote visitor's check-in QR scanned at this kiosk -----
  arrivalScanUnknown: {
    zh: '未找到今天的这个号，请咨询工作人员',
    en: 'This is not a ticket of today. Please ask a member of staff.',
  },
  arrivalScanRefused: {
    zh: '此号无法签到，请咨询工作人员',
    en: 'This ticket cannot be checked in. Please ask a member of staff.',
  },

  // ----- "I missed my call" (missed-messages.ts) -----
  ...missedMessages,
} satisfies Messages;

export type MessageKey = keyof typeof messages;

export const t = createTranslator(messages);
