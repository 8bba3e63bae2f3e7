/**
 * What the hub knows about each device right now: online/offline (retained status and last
 * will), the peripherals a bridge reported (printer paper and cover state), the last print
 * result. In memory: bridges republish their retained status whenever they (re)connect.
 */
import { Value } from 'typebox/value';
import {
  BridgeStatusDetail,
  type DeviceStatusMessage,
  type DeviceView,
  type PeripheralStatus,
  type PrinterState,
} from '../protocol';

interface Entry {
  state: 'online' | 'offline';
  since: number;
  lastSeenAt: number;
  detail?: BridgeStatusDetail;
  lastPrint?: { jobId: string; ok: boolean; reason?: string; at: number };
  /** Print jobs that failed since the printer last could print: tickets issued but not printed. */
  unprinted: number;
}

/** Conditions in which the printer prints (near end still does). */
const PRINTS = new Set(['ok', 'paper_near_end']);

export interface DeviceRecord {
  id: string;
  kind: string;
  name: string;
}

function printerOf(detail: BridgeStatusDetail): PrinterState | undefined {
  return detail.peripherals.find((p) => p.printer)?.printer;
}

export class DeviceRegistry {
  private readonly entries = new Map<string, Entry>();

  /** Applies a `devices/<id>/status` message; returns the previous online/offline state. */
  status(deviceId: string, msg: DeviceStatusMessage, at: number): 'online' | 'offline' | undefined {
    const prev = this.entries.get(deviceId);
    const detail = msg.state === 'online' && Value.Check(BridgeStatusDetail, msg.detail) ? msg.detail : undefined;
    const next: Entry = {
      state: msg.state,
      since: prev && prev.state === msg.state ? prev.since : at,
      lastSeenAt: at,
      // Offline keeps the last known peripherals (greyed out on the console), marked disconnected.
      ...(detail
        ? { detail }
        : prev?.detail
          ? { detail: { ...prev.detail, peripherals: prev.detail.peripherals.map((p) => ({ ...p, connected: false })) } }
          : {}),
      ...(prev?.lastPrint ? { lastPrint: prev.lastPrint } : {}),
      // The count starts again once the printer can print (paper loaded, cover closed).
      unprinted: detail && printerOf(detail) && PRINTS.has(printerOf(detail)?.condition ?? '') ? 0 : (prev?.unprinted ?? 0),
    };
    this.entries.set(deviceId, next);
    return prev?.state;
  }

  seen(deviceId: string, at: number): void {
    const e = this.entries.get(deviceId);
    if (e) e.lastSeenAt = at;
    // An event from a device we have no status for means it is connected right now.
    else this.entries.set(deviceId, { state: 'online', since: at, lastSeenAt: at, unprinted: 0 });
  }

  printResult(deviceId: string, result: { jobId: string; ok: boolean; reason?: string }, at: number): void {
    const e = this.entries.get(deviceId);
    if (!e) return;
    e.lastPrint = { ...result, at };
    if (!result.ok) e.unprinted++;
  }

  /** Whether the device has reported an ID card reader among its peripherals. */
  hasCardReader(deviceId: string): boolean {
    return this.entries.get(deviceId)?.detail?.peripherals.some((p) => p.kind === 'idcard-sam') ?? false;
  }

  isOnline(deviceId: string): boolean {
    return this.entries.get(deviceId)?.state === 'online';
  }

  kioskOf(deviceId: string): string | undefined {
    return this.entries.get(deviceId)?.detail?.kioskId;
  }

  /** The bridge printing for a kiosk page: one that says it serves that kiosk (online first). */
  bridgeForKiosk(kioskId: string): string | undefined {
    const candidates = [...this.entries].filter(
      ([id, e]) =>
        (e.detail?.kioskId === kioskId || id === kioskId) && e.detail?.peripherals.some((p) => p.kind === 'printer-escpos'),
    );
    candidates.sort(([, a], [, b]) => Number(b.state === 'online') - Number(a.state === 'online'));
    return candidates[0]?.[0];
  }

  printer(deviceId: string): PrinterState | undefined {
    const detail = this.entries.get(deviceId)?.detail;
    return detail ? printerOf(detail) : undefined;
  }

  /** LED screens that show a counter's calls. */
  ledsForCounter(counterId: string): { deviceId: string; peripheral: string }[] {
    const out: { deviceId: string; peripheral: string }[] = [];
    for (const [deviceId, e] of this.entries) {
      if (e.state !== 'online') continue;
      for (const p of e.detail?.peripherals ?? [])
        if (p.kind === 'led-counter' && p.counterId === counterId) out.push({ deviceId, peripheral: p.id });
    }
    return out;
  }

  view(d: DeviceRecord): DeviceView {
    const e = this.entries.get(d.id);
    const peripherals: PeripheralStatus[] = e?.detail?.peripherals ?? [];
    const v: DeviceView = { id: d.id, kind: d.kind, name: d.name, state: e?.state ?? 'unknown', peripherals };
    if (e) v.lastSeenAt = e.lastSeenAt;
    if (e?.detail?.kioskId) v.kioskId = e.detail.kioskId;
    const printer = peripherals.find((p) => p.printer)?.printer;
    if (printer) v.printer = e?.state === 'online' ? printer : { ...printer, online: false, condition: 'offline' };
    if (e?.lastPrint) v.lastPrint = e.lastPrint;
    if (e?.unprinted) v.unprinted = e.unprinted;
    return v;
  }
}
