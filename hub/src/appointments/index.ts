export * from './csv';
export * from './ics';
export * from './rules';
export * from './service';
export * from './slots';
export * from './time';
export * from './webhook';
export * from './wire';
