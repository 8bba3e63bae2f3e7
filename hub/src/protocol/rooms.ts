/**
 * Clinic rooms and names on screens (docs/queue-policy.md "Two-step calling" and "Names on
 * screens"): a service may call a visitor first to the door of a room (a small sub-waiting area)
 * and then into it; and it may show and say a masked name with, or instead of, the number.
 */
import { type Static, Type } from 'typebox';

/** Default number of visitors a room's door list holds. */
export const DOOR_SIZE_DEFAULT = 2;

/** Per service, in the set-up: two-step calling on, and how many may wait at one room's door. */
export const TwoStepConfig = Type.Object(
  {
    doorSize: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10,
        description: `visitors called to one room's door at most (default ${DOOR_SIZE_DEFAULT})`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type TwoStepConfig = Static<typeof TwoStepConfig>;

export const TwoStepSettings = Type.Object(
  { doorSize: Type.Integer({ minimum: 1, maximum: 10 }) },
  { additionalProperties: false },
);
export type TwoStepSettings = Static<typeof TwoStepSettings>;

/**
 * What screens and the voice use for a ticket: its number (default), the visitor's masked name
 * (`张*三`, from the ID card read at check-in; the number when there is none), or both.
 */
export const NamesOnScreens = Type.Union([Type.Literal('number'), Type.Literal('masked'), Type.Literal('number+masked')]);
export type NamesOnScreens = Static<typeof NamesOnScreens>;

/** Which step of a two-step call a call message announces: to the door, or into the room. */
export const CallStep = Type.Union([Type.Literal('door'), Type.Literal('in')]);
export type CallStep = Static<typeof CallStep>;

/** A visitor called to a room's door and waiting there (set by "call to door", cleared by "call in"). */
export const DoorCall = Type.Object(
  { counterId: Type.String(), at: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type DoorCall = Static<typeof DoorCall>;

/**
 * How a ticket appears on a screen and in the voice: `name` is the masked name (present only when
 * the service shows names and one was read at check-in); `nameOnly` hides the number.
 */
export const ShownName = {
  name: Type.Optional(Type.String({ maxLength: 40, description: 'masked name (张*三) when the service shows names' })),
  nameOnly: Type.Optional(Type.Boolean({ description: 'the service shows the masked name instead of the number' })),
};

/** One visitor at a room's door, in calling order (counter topic, room screen). */
export const DoorEntry = Type.Object({
  number: Type.String(),
  serviceId: Type.String(),
  at: Type.Integer({ minimum: 0 }),
  ...ShownName,
});
export type DoorEntry = Static<typeof DoorEntry>;

/**
 * The one name mask of Callboard (screens, voice, appointments, staff views): the first character,
 * one star per hidden character, and the last character from three characters on.
 * `张三` → `张*`, `张三丰` → `张*丰`, `欧阳娜娜` → `欧**娜`; a one-character name → `王*` (never shown whole).
 * Characters are counted as code points (`𠀋一二` → `𠀋*二`); spaces at either end do not count.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length <= 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** The masked name a screen shows for a ticket of a service with `mode`, and whether the number is hidden. */
export function shownName(mode: NamesOnScreens | undefined, masked: string | undefined): { name?: string; nameOnly?: boolean } {
  if (!masked || mode === undefined || mode === 'number') return {};
  return mode === 'masked' ? { name: masked, nameOnly: true } : { name: masked };
}
