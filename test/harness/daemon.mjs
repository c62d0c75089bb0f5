// One of the monitoring daemons the tests run for real (Prometheus, Alertmanager):
// started from a temp folder on a loopback port, ready once its /-/ready answers,
// stopped with SIGTERM (SIGKILL after 5 s) and its folder removed.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port nothing listens on right now (the OS picks it; the child binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it is true; the error says what never happened. */
export async function waitFor(check, timeoutMs, describe, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child?.startError) throw new Error(describe());
    if (child && child.exitCode !== null) throw new Error(`${describe()} (exited ${child.exitCode})`);
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(describe());
    await sleep(100);
  }
}

/**
 * Starts `binary` with `args` and resolves once `${url}/-/ready` answers; a daemon that
 * exits or never gets ready is stopped, `dir` removed, and the error carries its stderr.
 * @param {{ name: string, binary: string, args: string[], dir: string, url: string, readyTimeoutMs: number }} options
 */
export async function startDaemon({ name, binary, args, dir, url, readyTimeoutMs }) {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  // A missing binary is an 'error' event, not an exit: without a listener it would take the whole run down.
  child.once('error', (error) => {
    child.startError = error;
    stderr += `could not start ${binary}: ${error.message}`;
  });
  const exited = new Promise((resolve) => child.once('exit', () => resolve(true)));
  const stop = async () => {
    if (!child.startError && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const done = await Promise.race([exited, sleep(5000).then(() => false)]);
      if (!done) child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await fetch(`${url}/-/ready`)).ok, readyTimeoutMs, () => `${name} did not become ready: ${stderr}`, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid, logs: () => stderr, stop };
}
