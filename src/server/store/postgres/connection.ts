/**
 * Where a PostgreSQL store connects, from `--database-url` or the environment.
 *
 * The password never comes from a command-line argument, because arguments show in
 * every process list (`ps`, /proc/PID/cmdline): it comes from PGPASSWORD (libpq's own
 * variable) or from INCIDENT_DESK_DATABASE_URL, which may carry the whole URL.
 */
export const DATABASE_URL_ENV = 'INCIDENT_DESK_DATABASE_URL';

export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

export interface PostgresTarget {
  /** What pg connects with (password included when there is one). */
  connectionString: string;
  password?: string;
  /** The URL without any password: safe for logs and messages. */
  display: string;
}

/**
 * The database the caller named: the flag's URL when given (it must not hold a
 * password), else INCIDENT_DESK_DATABASE_URL; undefined when neither is set.
 */
export function resolveDatabaseTarget(flag: string | undefined, env: NodeJS.ProcessEnv): PostgresTarget | undefined {
  if (flag !== undefined) {
    const url = parseDatabaseUrl(flag, '--database-url');
    if (url.password !== '') {
      throw new DatabaseUrlError(
        `--database-url must not contain a password (it would show in the process list); ` +
          `set PGPASSWORD, or put the whole URL in ${DATABASE_URL_ENV}, and pass ${redact(url)}.`,
      );
    }
    return target(url, env);
  }
  const fromEnv = env[DATABASE_URL_ENV];
  if (fromEnv === undefined || fromEnv.trim() === '') return undefined;
  return target(parseDatabaseUrl(fromEnv, DATABASE_URL_ENV), env);
}

export function parseDatabaseUrl(text: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DatabaseUrlError(`${source} is not a URL; expected postgres://USER@HOST:PORT/DATABASE.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DatabaseUrlError(`${source} must start with postgres:// (got ${url.protocol}//); expected postgres://USER@HOST:PORT/DATABASE.`);
  }
  if (url.hostname === '' || url.pathname.replace(/^\//, '') === '') {
    throw new DatabaseUrlError(`${source} needs a host and a database: postgres://USER@HOST:PORT/DATABASE.`);
  }
  return url;
}

function target(url: URL, env: NodeJS.ProcessEnv): PostgresTarget {
  const password = url.password !== '' ? decodeURIComponent(url.password) : env.PGPASSWORD;
  return { connectionString: url.toString(), ...(password === undefined ? {} : { password }), display: redact(url) };
}

function redact(url: URL): string {
  const copy = new URL(url.toString());
  copy.password = '';
  return copy.toString();
}
