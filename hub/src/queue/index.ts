/** Pure queue core: no clock, no I/O, no randomness — time, ids and tokens are arguments. */
export * from './age';
export * from './arrival-rates';
export * from './closing';
export * from './estimate';
export * from './forecast';
export * from './forecaster';
export * from './hours';
export * from './no-show';
export * from './numbering';
export * from './policy';
export * from './policy-line';
export * from './rating';
export * from './rotation';
export * from './select';
export * from './selection';
export * from './state-machine';
