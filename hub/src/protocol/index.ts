export * from './appointments';
export * from './devices';
export * from './errors';
export * from './id-number';
export * from './line';
export * from './messages';
export * from './notifications';
export * from './pairing';
export * from './reports';
export * from './rest';
export * from './route';
export * from './schemas';
export * from './setup';
export * from './staff';
export * from './topics';
export * from './visitors';

/** REST prefix; every route of the hub lives under it. */
export const API_PREFIX = '/api/v1';
/** Path of MQTT-over-WebSocket on the hub's HTTP port. */
export const MQTT_WS_PATH = '/mqtt';
/** Name of the httpOnly staff session cookie. */
export const SESSION_COOKIE = 'cb_session';
export * from './booking-page';
export * from './central';
export * from './central-repeats';
export * from './fairness';
export * from './phone';
export * from './phone-contacts';
export * from './privacy';
export * from './rooms';
export * from './templates';
