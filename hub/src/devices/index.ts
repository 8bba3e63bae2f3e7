export { cardIdentityInput } from './card-identity';
export { DeviceService, type DeviceServiceDeps, type ScanHandler, SELECTION_TTL_MS } from './device-service';
export { PRINT_JOB_TTL_MS } from './print-jobs';
export { type DeviceRecord, DeviceRegistry } from './registry';
export { deviceRoutes } from './routes';
export { formatIssueTime, renderTicketJob, type TicketLayoutInput } from './ticket-layout';
