export * from './archive';
export * from './backup';
export { InsertBatcher } from './batcher';
export * from './lock';
export * from './migrations';
export * from './schema-version';
export * from './store';
