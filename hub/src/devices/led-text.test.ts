import { describe, expect, it } from 'vitest';
import type { CounterMessage } from '../protocol';
import { ledText } from './led-text';

const counter = (state: CounterMessage['state'], current: CounterMessage['current'] = null): CounterMessage => ({
  v: 1,
  id: '1',
  name: { zh: '1号窗口', en: 'Counter 1' },
  state,
  current,
  at: 0,
});

describe('LED text', () => {
  it('calls the ticket to the counter by its name, in Chinese by default', () => {
    const m = counter('open', { number: 'A001', serviceId: 'A', status: 'called' });
    expect(ledText(m)).toBe('请 A001 号到1号窗口');
    expect(ledText(m, 'en')).toBe('No. A001 to Counter 1');
    expect(ledText(m, 'both')).toBe('请 A001 号到1号窗口 No. A001 to Counter 1');
  });

  it('says whether the counter serves when nobody is called', () => {
    expect(ledText(counter('open'))).toBe('1号窗口 欢迎光临');
    expect(ledText(counter('paused'), 'en')).toBe('Counter 1 not serving');
    // A finished visit no longer shows its number.
    expect(ledText(counter('closed', { number: 'A001', serviceId: 'A', status: 'done' }))).toBe('1号窗口 暂停服务');
  });
});
