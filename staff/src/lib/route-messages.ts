/** The counter console's strings for multi-stop visits (一票到底): the remaining route of the visitor at the desk. */
import { createTranslator, type Messages } from '@callboard/hub/client';

export const routeMessages = {
  routeTitle: { zh: '后续办理路线', en: 'Stops still to come' },
  routeNone: { zh: '办完本项即结束', en: 'The visit ends here' },
  routeStop: { zh: '第 {n} 站', en: 'Stop {n}' },
  routeUp: { zh: '上移 {name}', en: 'Move {name} up' },
  routeRemove: { zh: '删除 {name}', en: 'Remove {name}' },
  routeAddLabel: { zh: '添加一站', en: 'Add a stop' },
  routeAdd: { zh: '添加', en: 'Add' },
  routeSave: { zh: '保存路线', en: 'Save route' },
  routeReset: { zh: '撤销修改', en: 'Undo changes' },
  routeSaved: { zh: '路线已保存', en: 'Route saved' },
  routeFailed: { zh: '未能保存路线：{reason}', en: 'Could not save the route: {reason}' },
  routeNextHint: { zh: '办结后，同一号码自动排入下一站', en: 'On finish, the same number joins the next stop’s line' },
  // ----- set-up (admin) -----
  setupTitle: { zh: '多站办理（一票到底）', en: 'Multi-stop visits' },
  setupLead: {
    zh: '办完本业务后，同一号码依次排入的业务（填业务 ID，逗号分隔），以及业务所在位置',
    en: 'The services a visitor goes on to with the same number (service ids, comma-separated), and where each service is',
  },
  setupRoute: { zh: '后续业务', en: 'Next stops' },
  setupWhereZh: { zh: '位置（中文）', en: 'Where (Chinese)' },
  setupWhereEn: { zh: '位置（英文）', en: 'Where (English)' },
  setupArrival: { zh: '从上一站转来的排队时间', en: 'Visitors from an earlier stop join at' },
  arrivalFinish: { zh: '上一站办结时间（默认）', en: 'the finish time there (default)' },
  arrivalOriginal: { zh: '首次取号时间', en: 'their first issue time' },
} satisfies Messages;

export const rt = createTranslator(routeMessages);

/** Moves the stop at `i` one place earlier. */
export function moveUp(stops: readonly string[], i: number): string[] {
  if (i <= 0 || i >= stops.length) return [...stops];
  const out = [...stops];
  [out[i - 1], out[i]] = [out[i] as string, out[i - 1] as string];
  return out;
}

/** Whether the list may be saved as it is: no service twice in a row, the current one included. */
export function routeProblem(current: string, stops: readonly string[]): number | null {
  for (let i = 0; i < stops.length; i++) if (stops[i] === (i === 0 ? current : stops[i - 1])) return i;
  return null;
}
