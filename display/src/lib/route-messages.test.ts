import { describe, expect, it } from 'vitest';
import { rt, shownMoves } from './route-messages';

const m = (number: string, fromServiceId: string, serviceId: string) => ({ number, fromServiceId, serviceId });

describe('the board’s next-stop strip', () => {
  it('shows all moves on a board of every service, at most three, in the order given', () => {
    const moves = [m('A1', 'A', 'B'), m('A2', 'A', 'C'), m('B3', 'B', 'C'), m('A4', 'A', 'B')];
    expect(shownMoves(moves, null).map((x) => x.number)).toEqual(['A1', 'A2', 'B3']);
    expect(shownMoves(undefined, null)).toEqual([]);
  });
  it('a board of some services shows the moves to or from them', () => {
    const moves = [m('A1', 'A', 'B'), m('A2', 'C', 'D'), m('B3', 'B', 'C')];
    expect(shownMoves(moves, ['A']).map((x) => x.number)).toEqual(['A1']);
    expect(shownMoves(moves, ['C']).map((x) => x.number)).toEqual(['A2', 'B3']);
  });
  it('speaks both languages', () => {
    expect(rt('zh', 'goToStop', { service: '缴费' })).toBe('请到 缴费');
    expect(rt('en', 'goToStop', { service: 'Payment' })).toBe('Go to Payment');
  });
});
