/** The phone page's strings for multi-stop visits (一票到底), in both languages. */
import { createTranslator, type Messages } from '@callboard/hub/client';

export const routeMessages = {
  routeTitle: { zh: '本次办理路线', en: 'Your visit' },
  routeStopOf: { zh: '第 {stop} / {stops} 站', en: 'Stop {stop} of {stops}' },
  routeGoNext: { zh: '请前往下一站：{service}', en: 'Next stop: please go to {service}' },
  routeWhere: { zh: '地点：{where}', en: 'Where: {where}' },
  routeNow: { zh: '当前', en: 'Now' },
  routeLater: { zh: '之后', en: 'Then' },
  routeDone: { zh: '已完成', en: 'Done' },
  routeAllDone: { zh: '全部 {stops} 站已办理完毕', en: 'All {stops} stops are done' },
  routeThen: { zh: '之后凭此号依次办理：{stops}', en: 'Then, with this number: {stops}' },
  routeSameNumber: { zh: '各站使用同一号码，无需重新取号', en: 'Keep this number for every stop: no new ticket needed' },
} satisfies Messages;

export const rt = createTranslator(routeMessages);
