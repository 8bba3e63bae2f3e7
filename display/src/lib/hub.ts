import type { HubClient } from '@callboard/hub/client';
import { createContext } from 'svelte';

/** The REST client of the hub, created once by the root layout. */
export const [getHub, setHub] = createContext<HubClient>();
