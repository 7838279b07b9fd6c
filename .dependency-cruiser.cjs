// The architecture's boundaries, checked by `npm run lint:boundaries` and by
// tests/unit/boundaries.test.ts (which also shows each rule catching a
// forbidden import in tests/fixtures/boundaries/). Paths are relative to the
// repository root, so the rules read as the layout does: app/routes are thin,
// app/modules are the domain and know nothing of HTTP or pages, tools/ sit
// outside the app. See docs/decisions/023-boundaries-and-tooling.md.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'routes-no-kysely',
      comment: 'Routes call module functions; queries live in app/modules (thin routes).',
      severity: 'error',
      from: { path: '^app/routes/' },
      to: { path: '(^|/)node_modules/kysely/|^kysely$' },
    },
    {
      name: 'routes-no-db',
      comment: 'Routes never reach the database code; a type (Database, a table row) may be named.',
      severity: 'error',
      from: { path: '^app/routes/' },
      to: { path: '^db/', dependencyTypesNot: ['type-only'] },
    },
    // Two rules, not one with a back-reference: route folders are named with
    // `$` (admin.certificates.$id), which a substituted group would read as an anchor.
    {
      name: 'routes-no-other-routes',
      comment: 'What two routes share lives in app/components; a flat route file imports no other route file.',
      severity: 'error',
      from: { path: '^app/routes/[^/]+$' },
      to: { path: '^app/routes/' },
    },
    {
      name: 'route-folders-no-flat-routes',
      comment: 'A folder route imports its own colocated files only, never a flat route file (other route folders: tests/unit/boundaries.test.ts).',
      severity: 'error',
      from: { path: '^app/routes/[^/]+/' },
      to: { path: '^app/routes/[^/]+$' },
    },
    {
      name: 'modules-no-web',
      comment: 'Modules return values and Results; the routes decide what HTTP answer they become.',
      severity: 'error',
      from: { path: '^app/modules/' },
      to: { path: '^app/(routes|components|http)/|(^|/)node_modules/@remix-run/|^@remix-run/' },
    },
    {
      name: 'modules-no-metrics',
      comment: 'Modules emit domain events (tx.emit); the metrics subscribe to them (app/core/subscribers.server.ts).',
      severity: 'error',
      from: { path: '^app/modules/', pathNot: '^app/modules/metrics/' },
      // keys.ts is vocabulary (the names of the indicators), not the hook: the dashboard and its pages speak it.
      to: { path: '^app/modules/metrics/', pathNot: '^app/modules/metrics/keys\\.ts$' },
    },
    {
      name: 'app-no-tools',
      comment: 'tools/ (simulation, backups, demo data) may use the app; the app never uses tools.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^tools/' },
    },
    {
      name: 'no-circular',
      comment: 'An import circle makes load order matter and the layers meaningless.',
      severity: 'error',
      from: {},
      // A circle of type-only imports (a colocated part naming `typeof loader`) is erased by the compiler.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|node_modules|tests/\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.jsx', '.d.ts'],
    },
  },
}
