/**
 * The texts visitors get, per language: the site's own (`notifications.templates` in the
 * configuration) or these defaults. Placeholders in braces are filled from `vars`; an unknown
 * placeholder stays as written, so a typo in a site's template shows rather than vanishing.
 */
import type { Lang } from '../protocol';

export type TemplateName = 'ahead' | 'called' | 'code' | 'reminderDayBefore' | 'reminderSoon';
export type TemplateSet = Record<TemplateName, string>;
export type SiteTemplates = { zh?: Partial<TemplateSet>; en?: Partial<TemplateSet> };

export const DEFAULT_TEMPLATES: Readonly<Record<Lang, TemplateSet>> = {
  zh: {
    ahead: '{number}号：前面还有{ahead}人，请回到候诊区。【{site}】',
    called: '{number}号：请到{counter}办理。【{site}】',
    code: '验证码{code}，5分钟内有效，请勿告诉他人。【{site}】',
    reminderDayBefore: '【{site}】提醒：您预约了明天{time}的{service}。签到或取消：{link}',
    reminderSoon: '【{site}】提醒：您预约的{service}于{time}开始，请按时到达。签到或取消：{link}',
  },
  en: {
    ahead: '{number}: {ahead} ahead of you, please come back to the waiting area. ({site})',
    called: '{number}: please go to {counter} now. ({site})',
    code: 'Your code is {code}, valid for 5 minutes. Do not share it. ({site})',
    reminderDayBefore: '{site}: your {service} appointment is tomorrow at {time}. Check in or cancel: {link}',
    reminderSoon: '{site}: your {service} appointment starts at {time}. Check in or cancel: {link}',
  },
};

export function renderTemplate(
  site: SiteTemplates | undefined,
  name: TemplateName,
  lang: Lang,
  vars: Readonly<Record<string, string | number>>,
): string {
  const template = site?.[lang]?.[name] ?? DEFAULT_TEMPLATES[lang][name];
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => (Object.hasOwn(vars, key) ? String(vars[key]) : whole));
}
