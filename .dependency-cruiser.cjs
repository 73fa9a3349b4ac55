// The layer rules of docs/architecture.md as a failing check (npm run lint:deps).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Modules form no cycles.', from: {}, to: { circular: true } },
    {
      name: 'engine-has-no-ui',
      severity: 'error',
      comment: 'src/auth is the product core: no React, Ink or zustand, no front end.',
      from: { path: '^src/auth/' },
      to: {
        path: ['^src/(app|cli|tui|screens|components|store|demo)/', '^node_modules/(react|ink|ink-[^/]+|zustand)/'],
      },
    },
    {
      name: 'engine-names-no-kind',
      severity: 'error',
      comment:
        'The engine, the config loader and the stores know kinds only through the registry and the kind contract (src/auth/kind.ts).',
      from: { path: '^src/auth/(engine|config|stores)', pathNot: '^src/auth/config/schema\\.ts$' },
      to: { path: '^src/auth/kinds/', pathNot: '^src/auth/kinds/registry\\.ts$' },
    },
    {
      name: 'kinds-do-not-reach-the-engine',
      severity: 'error',
      comment:
        'A kind sees the contract (src/auth/kind.ts) and what the engine hands it, never the engine or the registry.',
      from: { path: '^src/auth/kinds/' },
      to: { path: ['^src/auth/engine', '^src/auth/kinds/registry\\.ts$'] },
    },
    {
      name: 'components-take-props',
      severity: 'error',
      comment: 'Components are presentational: no store, no screens, no app wiring.',
      from: { path: '^src/components/' },
      to: { path: '^src/(app|cli|tui|screens|store|demo)/' },
    },
    {
      name: 'store-below-screens',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(app|cli|tui|screens|components|demo)/' },
    },
    {
      name: 'screens-below-runners',
      severity: 'error',
      comment: 'Screens get services and props; the runners (tui, cli) wire them.',
      from: { path: '^src/screens/' },
      to: { path: '^src/(app|cli|tui|demo)/' },
    },
    {
      name: 'app-wiring-below-front-ends',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(cli|tui|screens|components|store|demo)/' },
    },
    {
      name: 'tui-does-not-call-commands',
      severity: 'error',
      from: { path: '^src/tui/' },
      to: { path: '^src/(cli|demo)/' },
    },
    {
      name: 'demo-does-not-call-commands',
      severity: 'error',
      from: { path: '^src/demo/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'The product does not import what only tests and tools install.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
  },
};
