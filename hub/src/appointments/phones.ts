/**
 * Where a booking's reminder phone is kept (the notifications' phone book, hub/src/notify): sealed,
 * erased after the appointment's `end` (plus a grace), shown masked. Throws VALIDATION_FAILED,
 * before anything is written, for what is not a phone number.
 */
export interface AppointmentPhones {
  keep(appointmentId: string, phone: string, end: number): { hmac: string; written: Promise<void> };
  masked(appointmentId: string): string | undefined;
}
