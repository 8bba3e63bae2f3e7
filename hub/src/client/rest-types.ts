/** Shapes the REST client offers that the protocol does not define (admin rows, issue options). */
import type { DeviceKind, Role, StaffPublic } from '../protocol';

/** `GET /admin/staff`: an account as admins see it. */
export interface AdminStaffRow extends StaffPublic {
  disabled: boolean;
}

/** `POST /admin/staff`. */
export interface CreateStaffBody {
  username: string;
  name: string;
  role: Role;
  skills?: string[];
  password: string;
}

/** `PATCH /admin/staff/:id` (at least one field). */
export interface UpdateStaffBody {
  name?: string;
  role?: Role;
  skills?: string[];
  disabled?: boolean;
}

/** `GET /admin/devices`: a paired device. */
export interface AdminDeviceRow {
  id: string;
  kind: DeviceKind;
  name: string;
  createdAt: number;
}

export interface IssueOptions {
  /**
   * Sent as the `Idempotency-Key` header: a kiosk retrying the same visitor's request after a
   * network failure sends the same key, so a hub that honours it issues one ticket, not two.
   */
  idempotencyKey?: string;
}
