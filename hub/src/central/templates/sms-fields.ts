/**
 * A template's SMS texts at a site (pure): the site's own texts (`notifications.templates` in its
 * configuration file) win field by field; every other text is the template's. A text the file sets
 * differently is shown as an override whose source is the file.
 */
import type { TemplateContent, TemplateDiff } from '../../protocol';

type Texts = NonNullable<TemplateContent['smsTexts']>;
const LANGS = ['zh', 'en'] as const;

/** The texts in effect: the template's, under the file's. */
export function effectiveTexts(file: Texts | undefined, content: TemplateContent | null): Texts | undefined {
  const tpl = content?.smsTexts;
  if (!tpl) return file;
  const out: Texts = {};
  for (const lang of LANGS) {
    const merged = { ...(tpl[lang] ?? {}), ...(file?.[lang] ?? {}) };
    if (Object.keys(merged).length > 0) out[lang] = merged;
  }
  return out;
}

/** Each template text the site's file sets to something else. */
export function smsDiffs(file: Texts | undefined, content: TemplateContent): TemplateDiff[] {
  const diffs: TemplateDiff[] = [];
  for (const lang of LANGS)
    for (const [name, value] of Object.entries(content.smsTexts?.[lang] ?? {})) {
      const local = (file?.[lang] as Record<string, string | undefined> | undefined)?.[name];
      if (local !== undefined && local !== value)
        diffs.push({ field: `smsTexts.${lang}.${name}`, template: value, local, source: 'file' });
    }
  return diffs;
}
