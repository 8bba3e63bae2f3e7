export * from './identity';
export * from './secrets';
export * from './tls';
