/**
 * A template's standing notices at a site (pure): each is on the boards as `tpl-<id>`; a site that
 * took one off keeps it off through later versions (an override, "set default" puts it back); a
 * notice a new version drops leaves the boards.
 */
import type { Localized, TemplateContent, TemplateDiff } from '../../protocol';

export interface BoardNotice {
  id: string;
  text: Localized;
}

export const noticeId = (id: string): string => `tpl-${id}`;
const same = (a: Localized, b: Localized) => a.zh === b.zh && a.en === b.en;

/** What to put on the boards (new or changed text) and take off, for a new version. */
export function noticePlan(
  current: readonly BoardNotice[],
  previous: TemplateContent | null,
  next: TemplateContent,
): { show: BoardNotice[]; remove: string[] } {
  const onBoards = new Map(current.map((n) => [n.id, n]));
  const had = new Set((previous?.notices ?? []).map((n) => n.id));
  const show: BoardNotice[] = [];
  for (const n of next.notices ?? []) {
    const mine = onBoards.get(noticeId(n.id));
    if (!mine && had.has(n.id)) continue; // the site took it off
    if (!mine || !same(mine.text, n.text)) show.push({ id: noticeId(n.id), text: n.text });
  }
  const keep = new Set((next.notices ?? []).map((n) => n.id));
  const remove = [...had].filter((id) => !keep.has(id) && onBoards.has(noticeId(id))).map(noticeId);
  return { show, remove };
}

/** Each template notice not on the boards as the template says. */
export function noticeDiffs(current: readonly BoardNotice[], content: TemplateContent): TemplateDiff[] {
  const diffs: TemplateDiff[] = [];
  for (const n of content.notices ?? []) {
    const mine = current.find((x) => x.id === noticeId(n.id));
    if (!mine || !same(mine.text, n.text)) diffs.push({ field: `notices.${n.id}`, template: n.text, local: mine?.text ?? null });
  }
  return diffs;
}
