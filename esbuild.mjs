// Builds the extension, the command line, and the test and benchmark bundles.
//   node esbuild.mjs               development build (sourcemaps)
//   node esbuild.mjs --production  minified extension + cli, no tests
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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
    // The command line is ESM split into chunks, so each sub-command loads only its own
    // code: `runbook steps` does not parse the server, octokit or git (a single 2.8 MB
    // bundle cost ~80 ms of parsing on every call).
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    define: { INCIDENT_DESK_VERSION: JSON.stringify(version) },
    outdir: 'dist',
    format: 'esm',
    splitting: true,
    chunkNames: 'cli-chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    banner: {
      // Bundled CommonJS packages call require(); ESM has none, so give each chunk one.
      js: "#!/usr/bin/env node\nimport { createRequire as __incidentDeskRequire } from 'node:module';\nconst require = __incidentDeskRequire(import.meta.url);",
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
}
