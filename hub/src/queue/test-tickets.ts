/**
 * Ticket factory for the queue core's tests (unit and property tests): a waiting ticket with
 * only the fields the policy looks at chosen by the test. Not exported from the package index.
 */
import type { Actor, Ticket } from '../protocol';
import { newTicket } from './state-machine';

export const T0 = Date.UTC(2026, 2, 2, 0, 30, 0); // 08:30 in Asia/Shanghai
export const MIN = 60_000;
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };

let serial = 0;

export interface TicketSpec {
  serviceId?: string;
  /** Minutes after T0. */
  arrive: number;
  priority?: string;
  /** Minutes after T0. */
  appointment?: number;
  atHead?: boolean;
  id?: string;
}

export function waiting(spec: TicketSpec): Ticket {
  serial++;
  const serviceId = spec.serviceId ?? 'A';
  const at = T0 + spec.arrive * MIN;
  const t = newTicket({
    id: spec.id ?? `t${String(serial).padStart(5, '0')}`,
    serviceId,
    seq: serial,
    number: `${serviceId}${String(serial).padStart(3, '0')}`,
    businessDate: '2026-03-02',
    source: 'kiosk',
    priority: spec.priority ?? 'normal',
    lang: 'zh',
    trackToken: `tok${serial}`,
    at,
    by: kiosk,
    ...(spec.appointment !== undefined ? { appointmentAt: T0 + spec.appointment * MIN } : {}),
  });
  if (spec.atHead) t.atHead = true;
  return t;
}
