// A client-side app served as static files by the hub: no server rendering, no prerendering.
export const ssr = false;
export const prerender = false;
