import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const hub = 'http://localhost:8080';

export default defineConfig({
  plugins: [sveltekit()],
  // `npm run dev`: the REST API and MQTT-over-WebSocket come from a hub running locally.
  server: { proxy: { '/api': hub, '/mqtt': { target: hub, ws: true } } },
  // The hoisted `cookie` is v2 (from fastify); SvelteKit needs its own nested v0.6. Bundling it
  // into Kit's build-time server output makes Vite resolve it from Kit, not from the root.
  ssr: { noExternal: ['cookie'] },
});
