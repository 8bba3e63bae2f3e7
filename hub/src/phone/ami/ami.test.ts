import { describe, expect, it } from 'vitest';
import { type CallEvent, CallTracker, extensionOf } from './calls';
import { AmiParser, encodeAction } from './codec';
import { callEvents } from './emulator';

const frame = (m: Record<string, string>) =>
  `${Object.entries(m)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;

describe('the AMI wire format', () => {
  it('parses the greeting, messages split over chunks, two in one chunk, bare LF', () => {
    const p = new AmiParser();
    const bytes = `Asterisk Call Manager/5.0.2\r\n${frame({ Response: 'Success', ActionID: '1' })}${frame({ Event: 'Hangup', Channel: 'PJSIP/201-1' })}`;
    const out = [...p.push(bytes.slice(0, 40)), ...p.push(bytes.slice(40, 41)), ...p.push(bytes.slice(41))];
    expect(out).toEqual([
      { Greeting: 'Asterisk Call Manager/5.0.2' },
      { Response: 'Success', ActionID: '1' },
      { Event: 'Hangup', Channel: 'PJSIP/201-1' },
    ]);
    expect(p.push('Event: Newchannel\nUniqueid: 1.1\n\n')).toEqual([{ Event: 'Newchannel', Uniqueid: '1.1' }]);
  });

  it('keeps values with colons whole and drops a message that never ends', () => {
    const p = new AmiParser(5);
    expect(p.push('Event: X\r\nMessage: a: b\r\n\r\n')).toEqual([{ Event: 'X', Message: 'a: b' }]);
    expect(p.push('A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\nF: 6\r\n\r\n')).toEqual([]);
    expect(p.push('Event: Y\r\n\r\n')).toEqual([{ Event: 'Y' }]);
  });

  it('encodes actions with no way to inject a line', () => {
    expect(encodeAction('Login', { Username: 'cb', Secret: 'x\r\nAction: Originate', ActionID: 1 })).toBe(
      'Action: Login\r\nUsername: cb\r\nSecret: x Action: Originate\r\nActionID: 1\r\n\r\n',
    );
  });
});

describe('calls from AMI events', () => {
  it('reads extensions from channels', () => {
    expect(extensionOf('PJSIP/201-0000000a')).toBe('201');
    expect(extensionOf('SIP/8001-1f')).toBe('8001');
    expect(extensionOf('PJSIP/trunk-00000001')).toBeUndefined();
    expect(extensionOf('Local/201@from-internal-00000001;1')).toBeUndefined();
  });

  it('ringing, answered and ended for an answered call; ringing and abandoned for one nobody took — interleaved', () => {
    const tracker = new CallTracker();
    const a = callEvents({ id: '1733389200.1', caller: '13812345678', extension: '201' }, 'answered');
    const b = callEvents({ id: '1733389200.2', caller: '13900001111', extension: '202' }, 'abandoned');
    const out: CallEvent[] = [];
    let t = 1000;
    const feed = (events: Record<string, string>[]) => {
      for (const e of events) {
        t += 1000;
        out.push(...tracker.handle(e, t));
      }
    };
    feed(a.ring);
    feed(b.ring);
    feed(a.answer);
    feed(b.end);
    feed(a.end);
    expect(out.map((e) => [e.type, e.callId.slice(-1), 'extension' in e ? e.extension : undefined])).toEqual([
      ['ringing', '1', '201'],
      ['ringing', '2', '202'],
      ['answered', '1', '201'],
      ['ended', '2', '202'],
      ['ended', '1', '201'],
    ]);
    const ends = out.filter((e) => e.type === 'ended');
    expect(ends[0]).toMatchObject({ outcome: 'abandoned', caller: '13900001111' });
    expect(ends[1]).toMatchObject({ outcome: 'answered', caller: '13812345678' });
    expect(ends[1]?.type === 'ended' && ends[1].answeredAt).toBeGreaterThan(0);
    expect(tracker.open).toBe(0);
  });

  it('an event of a call it never saw start changes nothing', () => {
    const tracker = new CallTracker();
    const a = callEvents({ id: '9.9', caller: '1', extension: '201' }, 'answered');
    expect([...a.answer, ...a.end].flatMap((e) => tracker.handle(e, 1))).toEqual([]);
  });
});
