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
 * The command line's files that import one another by fixed name, by source file:
 * the chunk build's named entries, and the one-file fast path for `runbook steps`.
 * main.ts is every command line the bin does not answer itself; parse.ts is
 * markdown-it's runbook parser, for runbooks too rich for the quick parser.
 */
const CHUNK_ENTRIES = { 'src/cli/main': 'main', 'src/core/runbooks/parse': 'runbook-parse' };
const FAST_PATH = { 'src/cli/runbookSteps': 'runbook-steps' };

/**
 * For the unsplit bin and fast-path files: an `import()` of a named file above stays
 * an import of dist/cli-chunks/NAME.mjs (`prefix` is that folder from the output). Any
 * other is code the fast path never runs (`runbook run`'s session and prompts, behind
 * the runbook command's own `import()`); it stays out of the file as a module that
 * says so if it is ever reached, instead of a second copy of that code and its classes.
 */
function importsFromChunks(prefix) {
  const named = { ...CHUNK_ENTRIES, ...FAST_PATH };
  return {
    name: 'imports-from-chunks',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const source = relative(process.cwd(), resolve(args.resolveDir, args.path)).replace(/\.[jt]s$/, '');
        const name = named[source];
        if (name) return { path: `${prefix}${name}.mjs`, external: true };
        return { path: source, namespace: 'not-in-fast-path' };
      });
      build.onLoad({ filter: /.*/, namespace: 'not-in-fast-path' }, (args) => ({
        contents: `export {};\nthrow new Error(${JSON.stringify(`internal error: ${args.path} is not in the bin's fast path (src/cli/fastPath.ts)`)});`,
        loader: 'js',
      }));
    },
  };
}

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
    // The `incident-desk` bin: small, so every command line starts by compiling little.
    // It turns on the compile cache, answers --version, and imports either the fast
    // path's one file (src/cli/fastPath.ts) or the chunk build's main.mjs.
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    define: { INCIDENT_DESK_VERSION: JSON.stringify(version) },
    outdir: 'dist',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    banner: { js: '#!/usr/bin/env node' },
    plugins: [importsFromChunks('./cli-chunks/')],
  },
  {
    // `runbook steps` in one file with everything it needs (the runbook command, the
    // quick parser, the danger rules): no other module to resolve, link or compile.
    ...common,
    entryPoints: Object.fromEntries(Object.entries(FAST_PATH).map(([source, name]) => [name, `${source}.ts`])),
    define: { INCIDENT_DESK_VERSION: JSON.stringify(version) },
    outdir: 'dist/cli-chunks',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    plugins: [importsFromChunks('./')],
  },
  {
    // The command line's sub-commands: ESM split into chunks, so each loads only its own
    // code (`runbooks lint` does not parse the server, octokit or git; a single 2.8 MB
    // bundle cost ~80 ms of parsing on every call). Named entries are the files the
    // bin and the fast path import (CHUNK_ENTRIES); the rest are hashed chunks.
    ...common,
    entryPoints: Object.fromEntries(Object.entries(CHUNK_ENTRIES).map(([source, name]) => [name, `${source}.ts`])),
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
  // The bin and the fast path have no require() (no createRequire at start-up): a
  // bundled package that calls one would fail there at run time, so fail the build instead.
  for (const file of ['dist/cli.mjs', ...Object.values(FAST_PATH).map((name) => `dist/cli-chunks/${name}.mjs`)]) {
    if (readFileSync(file, 'utf8').includes('Dynamic require of')) {
      throw new Error(`${file} calls require(); keep CommonJS-only code off the fast path (src/cli/fastPath.ts): it belongs in the chunks`);
    }
  }
}
