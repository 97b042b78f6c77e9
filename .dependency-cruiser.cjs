/**
 * The house rules, checked by `npm run lint:deps` (part of `npm test`): src/ is a pipeline of stages,
 * one folder each, and a stage imports only from the stages below it. docs/architecture.md explains them.
 * Type-only imports count too: a cycle through types is still a cycle for the reader.
 */

/** Bottom to top. A folder may import its own files and those of folders listed before it. */
const STAGES = [
  'model', // the evidence, finding and report types: the vocabulary of every stage
  'net', // every socket: target policy, pinned resolution, HTTP, TLS, DNS clients, wire parsers
  'cors', // the browser's CORS algorithm, simulated (pure)
  'probes', // gather evidence through net; never judge
  'checks', // pure functions of evidence → findings
  'scoring', // the one table of weights, penalties and caps
  'content', // the words: finding content, Learn, guides
  'report', // renderers of a report: terminal, JSON, SARIF, HTML, Markdown, CSV
  'engine', // the entry points: scan(), the focused tools, rescore(); what the top layers share
  'store', // the database (SQLite or PostgreSQL through Kysely)
  'queue', // scan jobs: in-process or pg-boss
  'monitor', // watches, schedules, alerts
  'batch', // many targets from a file
  'server', // the web app and HTTP API
  'cli', // the `scorifya` command
];

/** The layers around the engine: they reach net/ and probes/ only through engine/. */
const AROUND_ENGINE = ['store', 'queue', 'monitor', 'batch', 'server', 'cli'];

const folder = (names) => `^src/(${names.join('|')})/`;

const layerRules = STAGES.slice(0, -1).map((stage, i) => ({
  name: `layer-${stage}`,
  comment: `${stage}/ may import only ${i === 0 ? 'itself' : `from ${STAGES.slice(0, i).join(', ')}`}: the stages above it (${STAGES.slice(i + 1).join(', ')}) build on it, not the reverse`,
  severity: 'error',
  from: { path: `^src/${stage}/` },
  to: { path: folder(STAGES.slice(i + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle makes two files one: neither can be read, tested or moved alone',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'top-layers-through-the-engine',
      comment: `${AROUND_ENGINE.join(', ')} call the engine (engine/); they never open sockets or run probes themselves`,
      severity: 'error',
      from: { path: folder(AROUND_ENGINE) },
      to: { path: folder(['net', 'probes']) },
    },
    {
      name: 'checks-are-pure',
      comment: 'checks are pure functions of evidence: no probes, no sockets (the record parsers of net/dns/parse/ are pure and allowed)',
      severity: 'error',
      from: { path: '^src/checks/' },
      to: { path: '^src/(probes|net)/', pathNot: '^src/net/dns/parse/' },
    },
    {
      name: 'library-face-not-top-layers',
      comment: "the library face (src/index.ts) is the engine's, not the CLI's, the web app's or batch's",
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: folder(['cli', 'server', 'batch', 'monitor', 'queue', 'store']) },
    },
    {
      name: 'no-loose-files',
      comment: 'every file of src/ lives in its stage folder; only the library face (index.ts) sits at the root',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$', pathNot: '^src/index\\.ts$' },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing is a broken build waiting to happen',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
    // Packages that publish only an `exports` map (structured-headers) resolve as Node resolves them.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
