import { describe, expect, it } from 'vitest';
import type { Ticket } from '../protocol';
import { boardCounters } from './board-counters';

const name = { zh: '1号窗口', en: 'Counter 1' };
const ticket = (status: Ticket['status'], events: Ticket['events']): Ticket =>
  ({ id: 't1', number: 'A001', serviceId: 'A', status, events }) as unknown as Ticket;

describe('boardCounters', () => {
  const counter = (currentTicketId?: string) => ({
    id: '1',
    name,
    services: [{ serviceId: 'A', weight: 1 }],
    state: { state: 'open' as const, ...(currentTicketId ? { currentTicketId } : {}) },
  });

  it('shows the ticket called at the counter with the time of its last call', () => {
    const t = ticket('called', [
      { type: 'issued', at: 1 },
      { type: 'called', at: 10, counterId: '1' },
      { type: 'recalled', at: 20, counterId: '1' },
    ]);
    const [c] = boardCounters([counter('t1')], () => t);
    expect(c?.current).toEqual({ number: 'A001', serviceId: 'A', status: 'called', calledAt: 20, recall: true });
    expect(c?.services).toEqual(['A']);
  });

  it('keeps a ticket being served, and clears one that is no longer called or served', () => {
    const called = [{ type: 'called' as const, at: 10, counterId: '1' }];
    expect(boardCounters([counter('t1')], () => ticket('serving', called))[0]?.current?.status).toBe('serving');
    for (const status of ['no_show', 'done', 'transferred', 'cancelled'] as const)
      expect(boardCounters([counter('t1')], () => ticket(status, called))[0]?.current, status).toBeNull();
    expect(boardCounters([counter()], () => undefined)[0]?.current).toBeNull();
  });
});
