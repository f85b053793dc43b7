/**
 * The module boundaries of the service, checked by `npm run lint` (dependency-cruiser).
 * Layers (README "Architecture"): src/domain (pure rules) ← src/workflows (deterministic) ←
 * src/activities and src/integrations (side effects) ← src/api and src/web (people and
 * partners). A rule names what may NOT be imported; the comment says why.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A module graph without cycles can be read (and tested) one module at a time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-imports-nothing-of-ours',
      comment: 'src/domain holds the pure rules: imported by everything, importing nothing of ours.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'workflows-use-activities-as-types-only',
      comment: 'Workflow code must stay deterministic: it calls activities through proxyActivities, never their code.',
      severity: 'error',
      from: { path: '^src/workflows/' },
      to: { path: '^src/activities/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-stay-out-of-io',
      comment:
        'Workflow code imports the domain, its own modules and Temporal presets; no database, API or integration code.',
      severity: 'error',
      from: { path: '^src/workflows/' },
      to: {
        path: '^src/(api|web|db|integrations|runtime|observability|generated|config\\.ts|logger\\.ts|worker\\.ts)',
      },
    },
    {
      name: 'trajectory-rules-without-temporal',
      comment:
        "The trajectory's rules are plain functions (tested without a server): only workflow.ts and the messages module use @temporalio/workflow.",
      severity: 'error',
      from: {
        path: '^src/workflows/trajectory/',
        pathNot: '^src/workflows/trajectory/(workflow\\.ts|messages/index\\.ts)$',
      },
      to: { path: '@temporalio/workflow' },
    },
    {
      name: 'no-api-below-the-api',
      comment: 'Activities, integrations, workflows and the worker never load the API (or the werkplek).',
      severity: 'error',
      from: {
        path: '^src/(activities|integrations|workflows|domain|db|temporal)/|^src/worker\\.ts$|^src/runtime/composition\\.ts$',
      },
      to: { path: '^src/(api|web)/' },
    },
    {
      name: 'api-uses-workflow-contracts-only',
      comment:
        'The API and the werkplek talk to workflows through their public contract (messages), never the workflow body or its rules.',
      severity: 'error',
      from: { path: '^src/(api|web)/' },
      to: { path: '^src/workflows/', pathNot: '^src/workflows/[^/]+/messages(\\.ts|/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/|^src/integrations/duo/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
