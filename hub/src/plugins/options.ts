/** What every plugin of the hub is registered with. */
import type { HubConfig } from '../config';
import type { TlsMaterial } from '../security';

export interface HubOptions {
  config: HubConfig;
  now: () => number;
  tls: TlsMaterial | null;
  /** The repository root, whose built apps are served; undefined = serve none. */
  appsRoot: string | undefined;
}
