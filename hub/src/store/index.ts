export { InsertBatcher } from './batcher';
export * from './store';
