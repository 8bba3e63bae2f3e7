export * from './archive';
export * from './backup';
export { InsertBatcher } from './batcher';
export * from './migrations';
export * from './schema-version';
export * from './lock';
export * from './store';
