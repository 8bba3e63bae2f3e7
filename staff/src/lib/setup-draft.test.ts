import type { SiteSetup } from '@callboard/hub/client';
import { describe, expect, it } from 'vitest';
import { freeId, freePrefix, fromDraft, moved, newCounter, newService, pruneBlanks, toDraft } from './setup-draft';

const setup: SiteSetup = {
  services: [
    { id: 'A', prefix: 'A', name: { zh: '综合', en: 'General' }, targetWaitMin: 15 },
    { id: 'B', prefix: 'B', name: { zh: '社保', en: 'Social' } },
  ],
  counters: [
    { id: '1', name: { zh: '1号', en: '1' }, services: ['A'] },
    { id: '2', name: { zh: '2号', en: '2' }, services: [{ serviceId: 'A', weight: 2 }, 'B'] },
  ],
  queue: { maxRecalls: 3, priorities: ['appointment', { id: 'priority', minAge: 70 }, 'normal'] },
};

describe('set-up draft', () => {
  it('makes links and classes uniform for the form, and gives the same set-up back unchanged', () => {
    const draft = toDraft(setup);
    expect(draft.counters[1]?.services).toEqual([
      { serviceId: 'A', weight: 2 },
      { serviceId: 'B', weight: 1 },
    ]);
    const noName = { zh: '', en: '' };
    expect(draft.queue.priorities).toEqual([
      { id: 'appointment', name: noName },
      { id: 'priority', minAge: 70, name: noName },
      { id: 'normal', name: noName },
    ]);
    expect(fromDraft(draft)).toEqual(setup);
  });

  it('keeps a class name typed in one language or both, and leaves out what was left empty', () => {
    const draft = toDraft(setup);
    const [appointment, priority] = draft.queue.priorities;
    if (!appointment || !priority) throw new Error('classes missing');
    appointment.name.en = ' Booked ';
    priority.name = { zh: '老年人优先', en: 'Seniors' };
    expect(fromDraft(draft).queue?.priorities).toEqual([
      { id: 'appointment', name: { en: 'Booked' } },
      { id: 'priority', minAge: 70, name: { zh: '老年人优先', en: 'Seniors' } },
      'normal',
    ]);
    expect(toDraft(fromDraft(draft)).queue.priorities[0]?.name).toEqual({ zh: '', en: 'Booked' });
  });

  it('leaves out emptied number fields (the hub then uses its default)', () => {
    const draft = toDraft(setup);
    (draft.services[0] as { targetWaitMin?: number | null }).targetWaitMin = null;
    (draft.queue as { maxRecalls?: number | null }).maxRecalls = null;
    const out = fromDraft(draft);
    expect(out.services[0]).toEqual({ id: 'A', prefix: 'A', name: { zh: '综合', en: 'General' } });
    expect(out.queue).toEqual({ priorities: ['appointment', { id: 'priority', minAge: 70 }, 'normal'] });
  });

  it('names the default classes when the file names none', () => {
    expect(toDraft({ services: setup.services, counters: setup.counters }).queue.priorities.map((p) => p.id)).toEqual([
      'appointment',
      'priority',
      'normal',
    ]);
  });

  it('prunes blanks, trims text and drops objects left empty', () => {
    expect(pruneBlanks({ a: ' x ', b: '', c: Number.NaN, d: { e: null }, f: [1, null] })).toEqual({ a: 'x', f: [1, null] });
  });

  it('proposes free ids and prefixes for new rows', () => {
    expect(freePrefix(['A', 'B'])).toBe('C');
    expect(freeId('3', ['1', '2', '3'])).toBe('32');
    const draft = toDraft(setup);
    expect(newService(draft)).toMatchObject({ id: 'C', prefix: 'C' });
    expect(newCounter(draft)).toMatchObject({ id: '3', services: [{ serviceId: 'A', weight: 1 }] });
  });

  it('moves a class up or down, never past either end', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });
});
