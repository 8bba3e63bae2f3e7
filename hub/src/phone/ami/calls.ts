/**
 * Turns AMI events into what the hub cares about (docs/phone.md): a call ringing at an
 * extension, answered there, and over — answered (with its talk time) or abandoned (the caller
 * hung up before anyone answered). Calls are keyed by `Linkedid` (every channel of one call
 * shares it), so events of several calls may interleave freely. Pure: time is an argument.
 *
 *   Newchannel (caller's channel, Uniqueid = Linkedid) → the call starts, with CallerIDNum;
 *   DialBegin → ringing at the extension of DestChannel (`PJSIP/201-00000002` → 201);
 *   DialEnd DialStatus=ANSWER, or BridgeEnter of the extension's channel → answered there;
 *   Hangup of the caller's channel → over.
 */
import type { AmiMessage } from './codec';

export type CallEvent =
  | { type: 'ringing'; callId: string; extension: string; caller: string; at: number }
  | { type: 'answered'; callId: string; extension: string; caller: string; at: number }
  | {
      type: 'ended';
      callId: string;
      caller: string;
      /** The extension that answered; for an abandoned call, the last one that rang (if any). */
      extension?: string;
      outcome: 'answered' | 'abandoned';
      /** The service the call was about, when the PBX knows it (a REST event's `serviceId`). */
      serviceId?: string;
      startedAt: number;
      answeredAt?: number;
      at: number;
    };

interface Call {
  caller: string;
  startedAt: number;
  ringing?: string;
  answeredBy?: string;
  answeredAt?: number;
}

/** `PJSIP/201-00000002`, `SIP/201-0000001a`, `IAX2/201-123` → `201`; a Local or trunk channel → undefined. */
export function extensionOf(channel: string | undefined): string | undefined {
  const m = /^(?:PJSIP|SIP|IAX2|DAHDI)\/([0-9]{2,6})-[0-9a-fA-F]+$/.exec(channel ?? '');
  return m?.[1];
}

export class CallTracker {
  private readonly calls = new Map<string, Call>();

  /** Calls in progress (for tests and metrics). */
  get open(): number {
    return this.calls.size;
  }

  /** One AMI event in, zero or more call events out. */
  handle(e: AmiMessage, at: number): CallEvent[] {
    const id = e.Linkedid ?? e.Uniqueid;
    if (!id) return [];
    switch (e.Event) {
      case 'Newchannel': {
        if (e.Uniqueid !== id || this.calls.has(id)) return [];
        this.calls.set(id, { caller: e.CallerIDNum ?? '', startedAt: at });
        return [];
      }
      case 'DialBegin': {
        const call = this.calls.get(id);
        const extension = extensionOf(e.DestChannel);
        if (!call || !extension || call.answeredBy) return [];
        call.ringing = extension;
        if (!call.caller && e.CallerIDNum) call.caller = e.CallerIDNum;
        return [{ type: 'ringing', callId: id, extension, caller: call.caller, at }];
      }
      case 'DialEnd':
        return e.DialStatus === 'ANSWER' ? this.answer(id, extensionOf(e.DestChannel), at) : [];
      case 'BridgeEnter':
        return this.answer(id, extensionOf(e.Channel), at);
      case 'Hangup': {
        const call = this.calls.get(id);
        if (!call || e.Uniqueid !== id) return [];
        this.calls.delete(id);
        const extension = call.answeredBy ?? call.ringing;
        return [
          {
            type: 'ended',
            callId: id,
            caller: call.caller,
            ...(extension ? { extension } : {}),
            outcome: call.answeredBy ? 'answered' : 'abandoned',
            startedAt: call.startedAt,
            ...(call.answeredAt !== undefined ? { answeredAt: call.answeredAt } : {}),
            at,
          },
        ];
      }
      default:
        return [];
    }
  }

  private answer(id: string, extension: string | undefined, at: number): CallEvent[] {
    const call = this.calls.get(id);
    if (!call || !extension || call.answeredBy) return [];
    call.answeredBy = extension;
    call.answeredAt = at;
    return [{ type: 'answered', callId: id, extension, caller: call.caller, at }];
  }

  /** The link to the PBX dropped: what was in progress is unknown now (no contacts are made up). */
  reset(): void {
    this.calls.clear();
  }
}
