import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';

/** The staff app opens on the counter list (which sends to the login page when signed out). */
export function load() {
  redirect(307, resolve('/counters'));
}
