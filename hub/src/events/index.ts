export * from './hub-events';
