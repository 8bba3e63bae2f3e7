/** The visitor's appointment page (the reminder text's link), in both languages. */
import { createTranslator, type Messages } from '@callboard/hub/client';

export const bookingMessages = {
  bookingTitle: { zh: '我的预约', en: 'My appointment' },
  bookingNotFound: {
    zh: '找不到此预约。链接可能已失效，请咨询工作人员。',
    en: 'This appointment cannot be found. The link may have expired; please ask a member of staff.',
  },
  bookingWhen: { zh: '{date} {time}', en: '{date} at {time}' },
  bookingPhone: { zh: '提醒短信发送至 {phone}', en: 'Reminders go to {phone}' },
  bookingBooked: { zh: '已预约', en: 'Booked' },
  bookingCancelled: { zh: '预约已取消', en: 'This appointment is cancelled' },
  bookingNoShow: { zh: '预约已过期未签到，请到取号机取号', en: 'This appointment was missed; please take a ticket at a kiosk' },
  bookingCheckedIn: { zh: '已签到，您的号码是 {number}', en: 'Checked in: your number is {number}' },
  bookingFollow: { zh: '查看排队进度', en: 'Follow your place in line' },
  bookingHereLead: { zh: '到达现场后，请点击“我已到达”签到。', en: 'When you are here, press “I’m here” to check in.' },
  bookingImHere: { zh: '我已到达', en: 'I’m here' },
  bookingQrLead: {
    zh: '到达后请在取号机扫描下方二维码签到。',
    en: 'When you arrive, scan this code at a kiosk to check in.',
  },
  bookingQrLabel: { zh: '预约签到二维码', en: 'Appointment check-in code' },
  bookingOffSite: {
    zh: '请连接现场 Wi-Fi 后再点击，或在取号机扫描二维码。',
    en: 'Join the site’s Wi-Fi and try again, or scan the code at a kiosk.',
  },
  bookingNotToday: { zh: '只能在预约当天签到。', en: 'You can check in on the day of the appointment only.' },
  bookingTooLate: { zh: '已超过签到时间，请到取号机取号。', en: 'It is too late to check in; please take a ticket at a kiosk.' },
  bookingFailed: { zh: '操作未成功，请稍后再试', en: 'That did not work; please try again' },
  bookingCancel: { zh: '取消预约', en: 'Cancel the appointment' },
  bookingCancelConfirm: { zh: '确定取消 {date} {time} 的预约吗？', en: 'Cancel your appointment on {date} at {time}?' },
  bookingCancelYes: { zh: '确定取消', en: 'Yes, cancel' },
  bookingCancelNo: { zh: '不取消', en: 'No, keep it' },
} satisfies Messages;

export const tb = createTranslator(bookingMessages);
