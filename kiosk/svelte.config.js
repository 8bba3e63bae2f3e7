import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
export default {
  compilerOptions: {
    // Runes only in our own components (libraries decide for themselves).
    runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true),
  },
  kit: {
    // A static SPA served by the hub at /kiosk/; unknown paths fall back to index.html.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html' }),
    paths: { base: '/kiosk' },
  },
};
