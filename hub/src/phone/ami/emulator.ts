/**
 * An AMI emulator (for tests and the demo): a TCP server that speaks like Asterisk's manager
 * port — greeting, `Login` (right or wrong secret), `Ping` — and plays realistic event sequences
 * of inbound calls to extensions: ringing, answered (DialEnd ANSWER, BridgeEnter), hung up, or
 * abandoned while ringing. Several calls' events interleave as on a busy PBX, and `dropAll()`
 * cuts every connection (a PBX restart) to exercise the client's reconnect.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { type AmiMessage, AmiParser } from './codec';

const GREETING = 'Asterisk Call Manager/5.0.2\r\n';

function frame(m: AmiMessage): string {
  return `${Object.entries(m)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;
}

export interface EmulatedCall {
  /** Unique per call, e.g. `1733389200.101`. */
  id: string;
  caller: string;
  extension: string;
}

let channelSeq = 0x100;
const channel = (tech: string) => `PJSIP/${tech}-${(channelSeq++).toString(16).padStart(8, '0')}`;

/** The AMI events of one call, step by step (each step a list of events sent together). */
export function callEvents(
  call: EmulatedCall,
  how: 'answered' | 'abandoned',
): { ring: AmiMessage[]; answer: AmiMessage[]; end: AmiMessage[] } {
  const trunk = channel('trunk');
  const ext = channel(call.extension);
  const destId = `${call.id}1`;
  const common = { Linkedid: call.id };
  const ring: AmiMessage[] = [
    {
      Event: 'Newchannel',
      Privilege: 'call,all',
      Channel: trunk,
      ChannelState: '4',
      ChannelStateDesc: 'Ring',
      CallerIDNum: call.caller,
      Exten: '400',
      Context: 'from-trunk',
      Uniqueid: call.id,
      ...common,
    },
    {
      Event: 'Newchannel',
      Privilege: 'call,all',
      Channel: ext,
      ChannelState: '0',
      ChannelStateDesc: 'Down',
      CallerIDNum: call.extension,
      Exten: '',
      Context: 'from-internal',
      Uniqueid: destId,
      ...common,
    },
    {
      Event: 'DialBegin',
      Privilege: 'call,all',
      Channel: trunk,
      CallerIDNum: call.caller,
      Uniqueid: call.id,
      DestChannel: ext,
      DestCallerIDNum: call.extension,
      DestUniqueid: destId,
      DialString: call.extension,
      ...common,
    },
    {
      Event: 'Newstate',
      Privilege: 'call,all',
      Channel: ext,
      ChannelState: '5',
      ChannelStateDesc: 'Ringing',
      Uniqueid: destId,
      ...common,
    },
  ];
  if (how === 'abandoned')
    return {
      ring,
      answer: [],
      end: [
        {
          Event: 'DialEnd',
          Privilege: 'call,all',
          Channel: trunk,
          Uniqueid: call.id,
          DestChannel: ext,
          DestUniqueid: destId,
          DialStatus: 'CANCEL',
          ...common,
        },
        {
          Event: 'Hangup',
          Privilege: 'call,all',
          Channel: ext,
          Uniqueid: destId,
          Cause: '26',
          'Cause-txt': 'Answered elsewhere',
          ...common,
        },
        {
          Event: 'Hangup',
          Privilege: 'call,all',
          Channel: trunk,
          Uniqueid: call.id,
          Cause: '16',
          'Cause-txt': 'Normal Clearing',
          ...common,
        },
      ],
    };
  return {
    ring,
    answer: [
      {
        Event: 'Newstate',
        Privilege: 'call,all',
        Channel: ext,
        ChannelState: '6',
        ChannelStateDesc: 'Up',
        Uniqueid: destId,
        ...common,
      },
      {
        Event: 'DialEnd',
        Privilege: 'call,all',
        Channel: trunk,
        Uniqueid: call.id,
        DestChannel: ext,
        DestUniqueid: destId,
        DialStatus: 'ANSWER',
        ...common,
      },
      {
        Event: 'BridgeEnter',
        Privilege: 'call,all',
        BridgeUniqueid: `b-${call.id}`,
        Channel: trunk,
        Uniqueid: call.id,
        ...common,
      },
      { Event: 'BridgeEnter', Privilege: 'call,all', BridgeUniqueid: `b-${call.id}`, Channel: ext, Uniqueid: destId, ...common },
    ],
    end: [
      { Event: 'BridgeLeave', Privilege: 'call,all', BridgeUniqueid: `b-${call.id}`, Channel: ext, Uniqueid: destId, ...common },
      {
        Event: 'Hangup',
        Privilege: 'call,all',
        Channel: ext,
        Uniqueid: destId,
        Cause: '16',
        'Cause-txt': 'Normal Clearing',
        ...common,
      },
      {
        Event: 'Hangup',
        Privilege: 'call,all',
        Channel: trunk,
        Uniqueid: call.id,
        Cause: '16',
        'Cause-txt': 'Normal Clearing',
        ...common,
      },
    ],
  };
}

export class AmiEmulator {
  private server: Server | null = null;
  private readonly clients = new Set<Socket>();
  /** Logged-in connections. */
  private readonly sessions = new Set<Socket>();
  logins = 0;
  refusedLogins = 0;

  constructor(private readonly account: { username: string; secret: string }) {}

  async listen(port = 0): Promise<number> {
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  private accept(socket: Socket): void {
    this.clients.add(socket);
    socket.setEncoding('utf8');
    socket.on('close', () => {
      this.clients.delete(socket);
      this.sessions.delete(socket);
    });
    socket.on('error', () => {});
    socket.write(GREETING);
    const parser = new AmiParser();
    socket.on('data', (chunk: string) => {
      for (const m of parser.push(chunk)) this.action(socket, m);
    });
  }

  private action(socket: Socket, m: AmiMessage): void {
    const id: AmiMessage = m.ActionID ? { ActionID: m.ActionID } : {};
    if (m.Action === 'Login') {
      if (m.Username === this.account.username && m.Secret === this.account.secret) {
        this.logins++;
        this.sessions.add(socket);
        socket.write(frame({ Response: 'Success', ...id, Message: 'Authentication accepted' }));
        socket.write(
          frame({ Event: 'FullyBooted', Privilege: 'system,all', Uptime: '100', LastReload: '100', Status: 'Fully Booted' }),
        );
      } else {
        this.refusedLogins++;
        socket.write(frame({ Response: 'Error', ...id, Message: 'Authentication failed' }));
        socket.end();
      }
      return;
    }
    if (!this.sessions.has(socket)) {
      socket.write(frame({ Response: 'Error', ...id, Message: 'Permission denied' }));
      return;
    }
    if (m.Action === 'Ping')
      socket.write(frame({ Response: 'Success', ...id, Ping: 'Pong', Timestamp: String(Date.now() / 1000) }));
    else socket.write(frame({ Response: 'Error', ...id, Message: 'Invalid/unknown command' }));
  }

  /** Logged-in connections now. */
  get connected(): number {
    return this.sessions.size;
  }

  /** Sends events to every logged-in client, in one write (as Asterisk often does). */
  send(events: readonly AmiMessage[]): void {
    const bytes = events.map(frame).join('');
    for (const s of this.sessions) s.write(bytes);
  }

  /** Sends events in two writes cut mid-line (TCP may deliver them apart), for the client's parser. */
  sendSplit(events: readonly AmiMessage[]): void {
    const bytes = events.map(frame).join('');
    const cut = Math.floor(bytes.length / 2) + 3;
    for (const s of this.sessions) {
      s.write(bytes.slice(0, cut));
      s.write(bytes.slice(cut));
    }
  }

  /** A PBX restart: every connection is cut. */
  dropAll(): void {
    for (const s of this.clients) s.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
