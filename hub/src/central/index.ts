export * from './central-console';
export * from './site-state';
