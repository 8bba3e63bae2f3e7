export { cardIdentityInput } from './card-identity';
export { DeviceService, type DeviceServiceDeps, SELECTION_TTL_MS } from './device-service';
export { PRINT_JOB_TTL_MS } from './print-jobs';
export { type DeviceRecord, DeviceRegistry } from './registry';
export { deviceRoutes } from './routes';
export type { ScanHandler } from './scans';
export { formatIssueTime, renderTicketJob, type TicketLayoutInput } from './ticket-layout';
