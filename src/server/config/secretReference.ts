import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'yaml';
import { isScalar } from 'yaml';
import type { ReadContext } from './readContext';

/**
 * How the config file names a secret: never the secret itself (config files get
 * committed, pasted and backed up), but where to find it at start.
 *
 *   secret: { env: ALERTMANAGER_TOKEN }           an environment variable
 *   secret: { file: /run/secrets/alertmanager }   a file only its owner can read (mode 0600)
 */
export type SecretReference = { env: string } | { file: string };

export class SecretError extends Error {
  override name = 'SecretError';
}

/** Reads `{ env: NAME }` or `{ file: PATH }`; a literal string is refused with the convention spelled out. */
export function readSecretReference(node: Node | null | undefined, where: string, ctx: ReadContext): SecretReference | undefined {
  if (isScalar(node)) {
    ctx.report(node, `${where} must not be the secret itself; write { env: VARIABLE } or { file: PATH } (a file with mode 0600).`);
    return undefined;
  }
  const entries = ctx.mapping(node, where, ['env', 'file']);
  if (!entries) return undefined;
  if (entries.size !== 1) {
    ctx.report(node, `${where} needs exactly one of env or file.`);
    return undefined;
  }
  const env = entries.get('env');
  if (env !== undefined) {
    const name = ctx.string(env, `${where}.env`);
    if (name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) ctx.report(env, `${where}.env must be an environment variable name.`);
    return name === undefined ? undefined : { env: name };
  }
  const file = ctx.string(entries.get('file'), `${where}.file`);
  return file === undefined ? undefined : { file: path.resolve(ctx.baseDir, file) };
}

/** The secret's value, read when the server starts. A file others can read or write is refused. */
export function resolveSecret(reference: SecretReference, env: NodeJS.ProcessEnv): string {
  if ('env' in reference) {
    const value = env[reference.env];
    if (value === undefined || value.trim() === '') throw new SecretError(`The environment variable ${reference.env} is not set (or empty).`);
    return value.trim();
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(reference.file);
  } catch {
    throw new SecretError(`The secret file ${reference.file} does not exist or cannot be read.`);
  }
  if (!stat.isFile()) throw new SecretError(`The secret file ${reference.file} is not a file.`);
  // Windows has no POSIX modes; there the file system's ACLs are the operator's business.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new SecretError(
      `The secret file ${reference.file} has mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}; others can read it. ` +
        `Make it readable by its owner only: chmod 600 ${reference.file}`,
    );
  }
  const value = fs.readFileSync(reference.file, 'utf8').trim();
  if (value === '') throw new SecretError(`The secret file ${reference.file} is empty.`);
  return value;
}
