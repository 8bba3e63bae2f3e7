/** What every plugin of the hub is registered with, and the running hub `startHub` returns. */
import type { FastifyInstance } from 'fastify';
import type { AppointmentService } from '../appointments';
import type { Bus } from '../broker';
import type { HubConfig } from '../config';
import type { RetentionJob } from '../privacy';
import type { TlsMaterial } from '../security';
import type { BackupScheduler } from '../service/backup-scheduler';
import type { QueueService } from '../service/queue-service';
import type { Store } from '../store';

export interface HubOptions {
  config: HubConfig;
  now: () => number;
  tls: TlsMaterial | null;
  /** The repository root, whose built apps are served; undefined = serve none. */
  appsRoot: string | undefined;
}

export interface Hub {
  app: FastifyInstance;
  config: HubConfig;
  queue: QueueService;
  bus: Bus;
  store: Store;
  /** Actual ports (useful when the config asked for 0). */
  httpPort: number;
  mqttPort: number | null;
  mqttTlsPort: number | null;
  /** Plain-HTTP port that redirects to HTTPS (tls.redirectHttpPort), if any. */
  httpsRedirectPort: number | null;
  tls: TlsMaterial | null;
  backups: BackupScheduler;
  /** The nightly personal data retention run (docs/personal-data.md). */
  retention: RetentionJob;
  seededStaff: string[];
  appointments: AppointmentService;
  close(): Promise<void>;
}

export interface BuildOptions {
  logger?: boolean | object;
  now?: () => number;
  serveApps?: boolean;
}
