/** The file name esbuild gives the store worker entry (see esbuild.mjs), next to dist/cli.mjs. */
export const STORE_WORKER_FILE = 'store-worker.mjs';

/**
 * Where the bundled store worker is. The server code runs from dist/cli.mjs or from a
 * chunk in dist/cli-chunks/, so the worker is beside this file or one folder up.
 * `require` resolves relative to the running bundle in both the ESM build (the banner
 * gives each chunk one) and CommonJS.
 */
export function locateStoreWorker(): string {
  const candidates = [`./${STORE_WORKER_FILE}`, `../${STORE_WORKER_FILE}`];
  for (const candidate of candidates) {
    try {
      return require.resolve(candidate);
    } catch {
      // Not beside this bundle; try the next place.
    }
  }
  throw new Error(`The incident server's store worker (${STORE_WORKER_FILE}) is missing beside the bundle; rebuild with \`node esbuild.mjs\`.`);
}
