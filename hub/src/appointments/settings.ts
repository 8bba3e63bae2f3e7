/** The appointment book's settings, read from the configuration with their defaults. */
import type { HubConfig } from '../config';
import type { SuspensionRule } from '../protocol';
import { MINUTE_MS } from '../queue';
import type { IdentityRules } from './rules';

export interface AppointmentSettings {
  rules: IdentityRules;
  suspension: SuspensionRule;
  moveSearchDays: number;
  lateMs: number;
  sweepIntervalMs: number;
  apiKeys: { id: string; key: string }[];
}

export function appointmentSettings(config: HubConfig): AppointmentSettings {
  const a = config.appointments ?? {};
  return {
    rules: { onePerServicePerDay: a.onePerServicePerDay ?? true, noOverlap: a.noOverlap ?? true },
    suspension: a.suspension ?? 'move',
    moveSearchDays: a.moveSearchDays ?? 14,
    lateMs: (a.noShowAfterMin ?? 30) * MINUTE_MS,
    sweepIntervalMs: (a.sweepIntervalSec ?? 60) * 1000,
    apiKeys: a.apiKeys ?? [],
  };
}
