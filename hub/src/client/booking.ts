/** The visitor's appointment page (api/booking-page.ts): the token from the reminder's link is the credential. */
import type { BookingPageView } from '../protocol';
import type { HubClient } from './rest';

const path = (token: string, action = '') => `/booking/${encodeURIComponent(token)}${action}`;

export const bookingPage = (c: HubClient, token: string) => c.request<BookingPageView>('GET', path(token));
export const cancelBooking = (c: HubClient, token: string) => c.request<BookingPageView>('POST', path(token, '/cancel'));
export const bookingArrived = (c: HubClient, token: string) => c.request<BookingPageView>('POST', path(token, '/arrived'));
