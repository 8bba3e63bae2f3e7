/** The phone channel (docs/phone.md): callback tickets, the IVR-facing API, dial requests. */
export { type CallbackDeps, Callbacks } from './callbacks';
