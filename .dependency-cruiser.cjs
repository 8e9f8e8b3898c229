// dependency-cruiser: no import cycles between modules, and none between the
// folders of lib/server (checked on the graph collapsed to one node per folder,
// see scripts/check-layers.mjs). Type-only imports count: they couple too.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules must not import each other in a cycle.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'client-never-imports-server',
      severity: 'error',
      comment: 'Components, hooks and the API client run in the browser: share types through lib/schemas.',
      from: { path: '^(components|lib/queries)/|^lib/api-client\\.ts$' },
      to: { path: '^lib/server/' },
    },
    {
      name: 'app-never-imports-prisma',
      severity: 'error',
      comment: 'Pages and routes go through lib/server; only lib/server and lib/db talk to the database.',
      from: { path: '^(app|components)/' },
      to: { path: '^lib/generated/prisma|^lib/server/db\\.ts$|node_modules/@prisma' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|lib/generated|\\.next|\\.data|test-results)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
    reporterOptions: { dot: { collapsePattern: '^lib/server/[^/]+' } },
  },
};
