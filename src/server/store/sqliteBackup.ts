import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as NodeSqlite from 'node:sqlite';
import { MIGRATIONS } from './migrations';
import { openDatabase, openReadOnlyDatabase, type Database } from './sqlite';
import { DATABASE_FILE } from './sqliteStore';

/**
 * `incident-desk db backup | restore` for the SQLite store.
 *
 * A backup is SQLite's online backup API (node:sqlite `backup()`): a consistent copy
 * of one moment even while a server writes (a writer's commit makes the copy start
 * over, so it always ends on a committed state), unlike copying the file, which
 * can tear between the database and its WAL. Both commands write to a temporary
 * name beside the target and rename it into place, so an interrupted run leaves
 * nothing half-written.
 */

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupReport {
  file: string;
  pages: number;
  schemaVersion: number;
}

export async function backupDataFolder(dataDir: string, outFile: string): Promise<BackupReport> {
  const source = join(dataDir, DATABASE_FILE);
  if (!existsSync(source)) throw new BackupError(`${dataDir} holds no Incident Desk database (${DATABASE_FILE}); nothing to back up.`);
  if (existsSync(outFile)) throw new BackupError(`${outFile} already exists; choose a new file name (a backup never overwrites).`);
  const db = openReadOnlyDatabase(source, 5000);
  try {
    return await copyInto(db, outFile);
  } finally {
    db.close();
  }
}

/** Restores a backup into a data folder that has no database yet (move the old one aside first). */
export async function restoreDataFolder(backupFile: string, dataDir: string): Promise<BackupReport> {
  if (!existsSync(backupFile)) throw new BackupError(`${backupFile} does not exist.`);
  const target = join(dataDir, DATABASE_FILE);
  if (existsSync(target)) {
    throw new BackupError(
      `${dataDir} already holds a database; stop its server and move ${DATABASE_FILE} (and its -wal/-shm files) aside, then restore.`,
    );
  }
  const db = openReadOnlyDatabase(backupFile, 5000);
  try {
    checkIsIncidentDeskBackup(db, backupFile);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return await copyInto(db, target);
  } finally {
    db.close();
  }
}

async function copyInto(db: Database, file: string): Promise<BackupReport> {
  const { backup } = process.getBuiltinModule('node:sqlite') as typeof NodeSqlite;
  const temporary = join(dirname(file), `.${process.pid}-${Date.now()}.incident-desk-backup.tmp`);
  try {
    const pages = await backup(db, temporary);
    const copy = openDatabase(temporary, 5000);
    let schemaVersion: number;
    try {
      const check = copy.prepare('PRAGMA integrity_check').get() as { integrity_check?: string } | undefined;
      if (check?.integrity_check !== 'ok') throw new BackupError(`The copy failed SQLite's integrity check: ${check?.integrity_check ?? 'no answer'}.`);
      schemaVersion = schemaVersionOf(copy);
    } finally {
      copy.close();
    }
    renameSync(temporary, file);
    return { file, pages, schemaVersion };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(temporary + suffix, { force: true });
  }
}

function checkIsIncidentDeskBackup(db: Database, file: string): void {
  let version: number;
  try {
    version = schemaVersionOf(db);
  } catch {
    throw new BackupError(`${file} is not an Incident Desk database (it has no schema_migrations table).`);
  }
  const newest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
  if (version > newest) throw new BackupError(`${file} has schema version ${version}, newer than this release understands (${newest}); upgrade Incident Desk.`);
}

function schemaVersionOf(db: Database): number {
  return (db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as { version: number }).version;
}
