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
