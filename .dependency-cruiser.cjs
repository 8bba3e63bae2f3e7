/**
 * The hub's layering, checked by `npm test` (scripts/run-tests.mjs) with dependency-cruiser:
 *
 *   protocol, time  ←  queue  ←  services (service, devices, appointments, analytics, store, broker, …)  ←  api
 *
 * and the web apps reach the hub only through its client package. app.ts, server.ts, cli.ts and
 * assembly/ are the composition roots: they wire every layer and are not constrained. docs/architecture.md
 * ("Layers") says why each rule exists; a rule that fails names the import to move, not to allow.
 */
const HUB = '^hub/src/';
/** Route plugins. devices/routes.ts is one that lives beside its service (and devices/index.ts re-exports it). */
const API = '^hub/src/(api/|devices/routes\\.ts$)';
/** Modules that wire layers together rather than sit in one. */
const ROOTS = '^hub/src/(app|server|cli)\\.ts$|^hub/src/assembly/|^hub/src/devices/index\\.ts$';
const TESTS = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'protocol-is-the-contract',
      comment: 'protocol/ is the bottom layer every other part (and every app) builds on: it imports no other hub module.',
      severity: 'error',
      from: { path: '^hub/src/protocol/' },
      to: { path: HUB, pathNot: '^hub/src/protocol/' },
    },
    {
      name: 'time-is-pure',
      comment: 'time/ (business dates, the site wall clock) is shared by every layer: it imports nothing.',
      severity: 'error',
      from: { path: '^hub/src/time/' },
      to: { pathNot: '^hub/src/time/' },
    },
    {
      name: 'queue-only-on-protocol',
      comment: 'The queue core builds on protocol/ and time/ only: no store, broker, services or routes.',
      severity: 'error',
      from: { path: '^hub/src/queue/' },
      to: { path: HUB, pathNot: '^hub/src/(queue|protocol|time)/' },
    },
    {
      name: 'queue-does-no-io',
      comment:
        'The queue core is pure (no clock, no I/O): no node: modules (fs, net, …) and no packages (fastify, aedes, NeDB, …).',
      severity: 'error',
      from: { path: '^hub/src/queue/', pathNot: TESTS },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'services-below-routes',
      comment: 'Services, store, broker and analytics never import a route plugin: HTTP sits on top of them.',
      severity: 'error',
      from: { path: HUB, pathNot: `${API}|${ROOTS}` },
      to: { path: API },
    },
    {
      name: 'store-below-services',
      comment: 'The store knows no service, route, broker or report: what day close summarises is handed to it.',
      severity: 'error',
      from: { path: '^hub/src/store/' },
      to: { path: '^hub/src/(api|service|analytics|appointments|devices|broker|security|client)/' },
    },
    {
      name: 'nedb-only-in-the-store',
      comment: 'NeDB is the store’s business: nothing above it imports NeDB.',
      severity: 'error',
      from: { path: HUB, pathNot: '^hub/src/store/' },
      to: { path: '@seald-io/nedb' },
    },
    {
      name: 'routes-and-analytics-use-repositories',
      comment: 'Routes and reports are handed repositories (store/repositories.ts); they never hold the Store or a datastore.',
      severity: 'error',
      from: { path: `${API}|^hub/src/analytics/` },
      to: { path: '^hub/src/store/', pathNot: '^hub/src/store/(repositories|[a-z-]+-repository|archive-reader)\\.ts$' },
    },
    {
      name: 'client-only-on-protocol',
      comment: 'The client runs in the browser apps: it builds on protocol/ only.',
      severity: 'error',
      from: { path: '^hub/src/client/' },
      to: { path: HUB, pathNot: '^hub/src/(client|protocol)/' },
    },
    {
      name: 'apps-through-the-client',
      comment:
        'kiosk, display, staff (and the firmware bridge) import the hub only as @callboard/hub/client and the protocol it re-exports.',
      severity: 'error',
      from: { path: '^(kiosk|display|staff|firmware-bridge)/src/' },
      to: { path: '^hub/', pathNot: '^hub/src/(client|protocol)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Build output only: excluding node_modules would hide the imports of packages (NeDB, fastify) from the rules.
    exclude: { path: '^(kiosk|display|staff)/(build|\\.svelte-kit)/|^hub/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.svelte', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
