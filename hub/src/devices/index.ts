export { cardIdentityInput } from './card-identity';
export { DeviceService, type DeviceServiceDeps, PRINT_JOB_TTL_MS, type ScanHandler, SELECTION_TTL_MS } from './device-service';
export { type DeviceRecord, DeviceRegistry } from './registry';
export { deviceRoutes } from './routes';
export { formatIssueTime, renderTicketJob, type TicketLayoutInput } from './ticket-layout';
