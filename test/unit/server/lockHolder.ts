import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A second real process that holds SQLite's write lock on a database file:
 * `BEGIN IMMEDIATE` on its own connection, then nothing until `holdMs` passed.
 * This is what a backup tool, a `token create` or a second server does to a
 * running server, and what the server must survive without stalling.
 */
export interface LockHolder {
  /** Resolves when the lock has been released and the process exited. */
  released: Promise<void>;
  child: ChildProcess;
}

const HOLDER_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const [file, holdMs] = process.argv.slice(1);
const db = new DatabaseSync(file, { timeout: 10000 });
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, Number(holdMs));
`;

/** Starts the holder and resolves once it owns the lock. */
export async function holdWriteLock(databaseFile: string, holdMs: number): Promise<LockHolder> {
  const child = spawn(process.execPath, ['-e', HOLDER_SCRIPT, databaseFile, String(holdMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const released = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited with ${code}: ${stderr}`)))),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('locked')) resolve();
    });
    released.then(() => reject(new Error(`lock holder exited before locking: ${stderr}`)), reject);
  });
  return { released, child };
}
