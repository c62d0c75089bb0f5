// Builds the extension, the command line, and the test and benchmark bundles.
//   node esbuild.mjs               development build (sourcemaps)
//   node esbuild.mjs --production  minified extension + cli, no tests
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');


function filesUnder(dir, suffix) {
  let out = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out = out.concat(filesUnder(path, suffix));
    else if (entry.name.endsWith(suffix)) out.push(path);
  }
  return out;
}

/**
 * What the bin (dist/cli.mjs) loads later, by source file: each is a named entry of the
 * chunk build, imported from dist/cli-chunks/NAME.mjs instead of being copied into the
 * bin. main.ts is every command line the bin does not answer itself; parse.ts is
 * markdown-it's runbook parser, for runbooks too rich for the quick parser.
 */
const BIN_IMPORTS = { 'src/cli/main': 'main', 'src/core/runbooks/parse': 'runbook-parse' };

/**
 * The bin's `import()`s: those in BIN_IMPORTS go to the chunk build's file. Any other
 * is code the fast path never runs (`runbook run`'s session and prompts, behind the
 * runbook command's own `import()`); it stays out of the bin as a module that says so
 * if it is ever reached, instead of a second copy of that code and its classes.
 */
const importsFromChunks = {
  name: 'imports-from-chunks',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const source = relative(process.cwd(), resolve(args.resolveDir, args.path)).replace(/\.[jt]s$/, '');
      const name = BIN_IMPORTS[source];
      if (name) return { path: `./cli-chunks/${name}.mjs`, external: true };
      return { path: source, namespace: 'not-in-fast-path' };
    });
    build.onLoad({ filter: /.*/, namespace: 'not-in-fast-path' }, (args) => ({
      contents: `export {};\nthrow new Error(${JSON.stringify(`internal error: ${args.path} is not in the bin's fast path (src/cli/fastPath.ts)`)});`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // VS Code's own module is provided by the extension host at run time. Nothing else is
  // external: the .vsix and the npm package carry no node_modules.
  external: ['vscode'],
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  {
    // The `incident-desk` bin: one file holding the command lines it answers alone
    // (src/cli/fastPath.ts: `runbook steps`, `--version`), so they resolve and compile
    // no other module. Every other command line imports the chunk build's main.mjs.
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    define: { INCIDENT_DESK_VERSION: JSON.stringify(version) },
    outdir: 'dist',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: { js: '#!/usr/bin/env node' },
    plugins: [importsFromChunks],
  },
  {
    // The command line's sub-commands: ESM split into chunks, so each loads only its own
    // code (`runbooks lint` does not parse the server, octokit or git; a single 2.8 MB
    // bundle cost ~80 ms of parsing on every call). Named entries are the files the bin
    // imports (BIN_IMPORTS); the rest are hashed chunks.
    ...common,
    entryPoints: Object.fromEntries(Object.entries(BIN_IMPORTS).map(([source, name]) => [name, `${source}.ts`])),
    define: { INCIDENT_DESK_VERSION: JSON.stringify(version) },
    outdir: 'dist/cli-chunks',
    format: 'esm',
    splitting: true,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    banner: {
      // Bundled CommonJS packages call require(); ESM has none, so give each chunk one.
      js: "import { createRequire as __incidentDeskRequire } from 'node:module';\nconst require = __incidentDeskRequire(import.meta.url);",
    },
  },
  {
    // The server's SQLite work runs on worker threads (src/server/store/workerStore.ts);
    // each thread loads this file, found beside dist/cli.mjs at run time.
    ...common,
    entryPoints: { 'store-worker': 'src/server/store/storeWorker.ts' },
    outdir: 'dist',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: {
      js: "import { createRequire as __incidentDeskRequire } from 'node:module';\nconst require = __incidentDeskRequire(import.meta.url);",
    },
  },
  {
    // Insights: the measures run on a worker thread beside the extension host's main one.
    ...common,
    entryPoints: { 'insights-worker': 'src/app/insights/node/insightsWorker.ts' },
    outdir: 'dist',
  },
  {
    // The Insights webview's script with Chart.js, bundled for the browser: no CDN, nothing remote.
    ...common,
    entryPoints: { 'insights-webview': 'src/editor/insights/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    external: [],
  },
];

if (!production) {
  // Tests and benchmarks: one bundle per file; packages stay external so mocha,
  // playwright and friends load from node_modules as usual.
  const testEntries = [
    ...filesUnder('test/unit', '.test.ts'),
    ...filesUnder('test/integration', '.ts').filter((f) => !f.includes('/support/')),
    ...filesUnder('test/bench', '.ts'),
  ];
  builds.push({
    ...common,
    entryPoints: testEntries,
    outdir: 'out/test',
    outbase: 'test',
    packages: 'external',
    sourcemap: 'inline',
  });
  rmSync('out', { recursive: true, force: true });
}
// Stale chunks from an earlier build would otherwise ship in the .vsix.
rmSync('dist/cli-chunks', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // The bin has no require() (no createRequire at start-up): a bundled package that
  // calls one would fail on the fast path at run time, so fail the build instead.
  if (readFileSync('dist/cli.mjs', 'utf8').includes('Dynamic require of')) {
    throw new Error('dist/cli.mjs calls require(); keep CommonJS-only code out of src/cli/fastPath.ts (it belongs in the chunks)');
  }
}
