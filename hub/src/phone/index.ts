/** The phone channel (docs/phone.md): callback tickets, the IVR-facing API, dial requests, screen-pops. */
export { type CallbackDeps, Callbacks } from './callbacks';
export { type ScreenPopDeps, ScreenPops } from './screen-pops';
