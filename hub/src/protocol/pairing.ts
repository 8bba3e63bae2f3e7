/**
 * Device pairing over REST (ARCHITECTURE §7): a new kiosk or screen asks and polls (public);
 * supervisors list, approve and reject. Shared by the routes, the service and the client.
 */
import { type Static, Type } from 'typebox';
import { DeviceKind, Id } from './schemas';

/** `POST /devices/pairing`: a device asks to be paired. */
export const PairingRequestBody = Type.Object(
  { kind: DeviceKind, name: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);
export type PairingRequestBody = Static<typeof PairingRequestBody>;

/** Reply to `POST /devices/pairing`: the code to show and the secret to poll with. */
export const PairingStart = Type.Object({
  requestId: Type.String(),
  code: Type.String(),
  pollSecret: Type.String(),
  expiresAt: Type.Integer(),
});
export type PairingStart = Static<typeof PairingStart>;

/** `POST /devices/pairing/:id/poll`. */
export const PairingPollBody = Type.Object(
  { pollSecret: Type.String({ minLength: 8, maxLength: 128 }) },
  { additionalProperties: false },
);
export type PairingPollBody = Static<typeof PairingPollBody>;

/** Reply to `POST /devices/pairing/:id/poll`: the device id and token arrive once, with `approved`. */
export const PairingPoll = Type.Object({
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('expired')]),
  deviceId: Type.Optional(Type.String()),
  token: Type.Optional(Type.String()),
});
export type PairingPoll = Static<typeof PairingPoll>;

/** A pending pairing request as supervisors see it. */
export const PairingRequestView = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: DeviceKind,
  name: Type.Optional(Type.String()),
  ip: Type.Optional(Type.String()),
  createdAt: Type.Integer(),
  expiresAt: Type.Integer(),
});
export type PairingRequestView = Static<typeof PairingRequestView>;

/** `GET /devices/pairing`. */
export const PairingListReply = Type.Object({ requests: Type.Array(PairingRequestView) });
export type PairingListReply = Static<typeof PairingListReply>;

const PairingCode = Type.String({ pattern: '^[0-9]{6}$' });

/** `POST /devices/pairing/:id/approve`: confirm the code the device shows and name the device. */
export const ApprovePairingBody = Type.Object(
  { code: PairingCode, deviceId: Id, name: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type ApprovePairingBody = Static<typeof ApprovePairingBody>;

export const ApprovePairingReply = Type.Object({ deviceId: Type.String() });
export type ApprovePairingReply = Static<typeof ApprovePairingReply>;

/** `POST /devices/pairing/:id/reject`. */
export const RejectPairingBody = Type.Object({ code: PairingCode }, { additionalProperties: false });
export type RejectPairingBody = Static<typeof RejectPairingBody>;

export const RejectPairingReply = Type.Object({ ok: Type.Literal(true) });
export type RejectPairingReply = Static<typeof RejectPairingReply>;
