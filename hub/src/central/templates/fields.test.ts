import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SiteSetup, TemplateContent } from '../../protocol';
import { applyTemplate, revertField, templateDiffs } from './fields';
import { noticeDiffs, noticePlan } from './notice-fields';
import { signEnvelope, verifyEnvelope } from './sign';
import { effectiveTexts, smsDiffs } from './sms-fields';

const svc = (id: string, zh: string, targetWaitMin = 15) =>
  ({ id, name: { zh, en: id }, prefix: id, targetWaitMin }) as unknown as NonNullable<TemplateContent['services']>[number];
const site: SiteSetup = {
  services: [svc('A', '综合'), svc('L', '本地')],
  counters: [{ id: '1', name: { zh: '1号', en: '1' }, services: ['A'] }] as SiteSetup['counters'],
  queue: { maxRecalls: 3 },
};

describe('config template fields', () => {
  const v1: TemplateContent = { services: [svc('A', '综合业务', 10), svc('B', '社保')], queue: { maxRecalls: 2 } };

  it('a first version sets every field and adds its services; local-only services stay', () => {
    const s = applyTemplate(site, null, v1);
    expect(s.services.map((x) => x.id)).toEqual(['A', 'L', 'B']);
    expect(s.services[0]).toMatchObject({ name: { zh: '综合业务' }, targetWaitMin: 10 });
    expect(s.queue?.maxRecalls).toBe(2);
    expect(templateDiffs(s, v1)).toEqual([]);
  });

  it('an override survives the next version; other fields follow it', () => {
    const s1 = applyTemplate(site, null, v1);
    (s1.services[0] as { targetWaitMin: number }).targetWaitMin = 25; // the site's override
    expect(templateDiffs(s1, v1)).toEqual([{ field: 'services.A.targetWaitMin', template: 10, local: 25 }]);
    const v2: TemplateContent = { services: [svc('A', '综合服务', 12), svc('B', '社保')], queue: { maxRecalls: 4 } };
    const s2 = applyTemplate(s1, v1, v2);
    expect(s2.services[0]).toMatchObject({ name: { zh: '综合服务' }, targetWaitMin: 25 });
    expect(s2.queue?.maxRecalls).toBe(4);
    expect(templateDiffs(s2, v2)).toEqual([{ field: 'services.A.targetWaitMin', template: 12, local: 25 }]);
    const back = revertField(s2, v2, 'services.A.targetWaitMin');
    expect(back && templateDiffs(back, v2)).toEqual([]);
    expect(revertField(s2, v2, 'services.A.nothing')).toBeNull();
  });

  it('a template service the site removed stays removed, shows as one field, and comes back on revert', () => {
    const s1 = applyTemplate(site, null, v1);
    s1.services = s1.services.filter((x) => x.id !== 'B');
    const s2 = applyTemplate(s1, v1, v1);
    expect(s2.services.map((x) => x.id)).toEqual(['A', 'L']);
    expect(templateDiffs(s2, v1).map((d) => d.field)).toEqual(['services.B']);
    expect(revertField(s2, v1, 'services.B')?.services.map((x) => x.id)).toEqual(['A', 'L', 'B']);
  });
});

describe('template signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const body = { v: 1 as const, name: 'bank', version: 3, issuedAt: 1, site: 'north', content: { queue: { maxRecalls: 2 } } };

  it('verifies with the matching key only, and not once anything changed', () => {
    const e = signEnvelope(body, privateKey);
    expect(verifyEnvelope(e, publicKey)).toBe(true);
    expect(verifyEnvelope(e, other.publicKey)).toBe(false);
    expect(verifyEnvelope({ ...e, version: 4 }, publicKey)).toBe(false);
    expect(verifyEnvelope({ ...e, site: 'south' }, publicKey)).toBe(false);
    expect(verifyEnvelope({ ...e, content: { queue: { maxRecalls: 9 } } }, publicKey)).toBe(false);
    expect(verifyEnvelope({ ...e, sig: '' }, publicKey)).toBe(false);
    expect(verifyEnvelope({ ...body } as never, publicKey)).toBe(false);
  });
});

describe('a template’s SMS texts at a site', () => {
  const content: TemplateContent = { smsTexts: { zh: { called: 'T-called', ahead: 'T-ahead' }, en: { called: 'T-en' } } };
  it('the site file’s texts win field by field, and show as overrides from the file', () => {
    const file = { zh: { called: 'F-called' } };
    expect(effectiveTexts(file, content)).toEqual({ zh: { called: 'F-called', ahead: 'T-ahead' }, en: { called: 'T-en' } });
    expect(smsDiffs(file, content)).toEqual([
      { field: 'smsTexts.zh.called', template: 'T-called', local: 'F-called', source: 'file' },
    ]);
    expect(smsDiffs({ zh: { called: 'T-called' } }, content)).toEqual([]);
    expect(effectiveTexts(file, null)).toBe(file);
    expect(effectiveTexts(undefined, content)).toEqual(content.smsTexts);
  });
});

describe('a template’s standing notices at a site', () => {
  const hours = { id: 'hours', text: { zh: '周六照常营业', en: 'Open on Saturday' } };
  const v1: TemplateContent = { notices: [hours] };
  it('puts new and changed ones up, keeps off one the site took off, takes down one a version drops', () => {
    expect(noticePlan([], null, v1)).toEqual({ show: [{ id: 'tpl-hours', text: hours.text }], remove: [] });
    expect(noticePlan([{ id: 'tpl-hours', text: hours.text }], v1, v1)).toEqual({ show: [], remove: [] });
    const v2: TemplateContent = { notices: [{ ...hours, text: { zh: '周六休息', en: 'Closed on Saturday' } }] };
    expect(noticePlan([{ id: 'tpl-hours', text: hours.text }], v1, v2).show).toEqual([
      { id: 'tpl-hours', text: v2.notices?.[0]?.text },
    ]);
    expect(noticePlan([], v1, v2)).toEqual({ show: [], remove: [] });
    expect(noticePlan([{ id: 'tpl-hours', text: hours.text }], v1, {})).toEqual({ show: [], remove: ['tpl-hours'] });
    expect(noticeDiffs([], v1)).toEqual([{ field: 'notices.hours', template: hours.text, local: null }]);
    expect(
      noticeDiffs(
        [
          { id: 'tpl-hours', text: hours.text },
          { id: 'x', text: hours.text },
        ],
        v1,
      ),
    ).toEqual([]);
  });
});
