/** Pure queue core: no clock, no I/O, no randomness — time, ids and tokens are arguments. */
export * from './estimate';
export * from './hours';
export * from './numbering';
export * from './selection';
export * from './state-machine';
