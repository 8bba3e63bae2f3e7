/**
 * What a room screen shows, from the room's retained counter topic: the visitor in the room (called
 * or being seen), the next two called to the door, how many more wait there, the doctor's name and
 * whether the room is paused or closed.
 */
import type { CounterMessage, DoorEntry, Localized } from '@callboard/hub/client';

/** How many of the door list a room screen shows by name or number. */
export const ROOM_NEXT = 2;

export interface RoomView {
  name: Localized;
  state: CounterMessage['state'];
  current: { number: string; name?: string; nameOnly?: boolean } | null;
  next: DoorEntry[];
  more: number;
  doctor: string | null;
}

export function roomView(msg: CounterMessage): RoomView {
  const c = msg.current;
  const door = msg.door ?? [];
  return {
    name: msg.name,
    state: msg.state,
    current: c && (c.status === 'called' || c.status === 'serving') ? c : null,
    next: door.slice(0, ROOM_NEXT),
    more: Math.max(0, door.length - ROOM_NEXT),
    doctor: msg.staffName ?? null,
  };
}
