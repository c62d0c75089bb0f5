import type { GitHubRepoRef } from '../core/retrospectives/remoteUrl';

/**
 * The environment git runs in. Only an allowlist of the ambient environment is passed
 * on: nothing like GIT_TRACE_CURL, GIT_ASKPASS or a pager can reach our git processes,
 * and simple-git refuses guarded variables we did not name anyway.
 */

const PASSED_THROUGH = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TEMP', 'TMP',
  'XDG_CONFIG_HOME', 'SSH_AUTH_SOCK', 'SSH_AGENT_PID', 'GNUPGHOME', 'GPG_TTY',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'CURL_CA_BUNDLE',
  // Windows
  'SystemRoot', 'SYSTEMROOT', 'ComSpec', 'COMSPEC', 'PATHEXT', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH', 'APPDATA', 'LOCALAPPDATA', 'ProgramData', 'PROGRAMDATA', 'WINDIR', 'windir',
]);

/** Variables we set ourselves; simple-git must be told each one is intended. */
export const GIT_ENV_KEYS = ['GIT_TERMINAL_PROMPT', 'GIT_INDEX_FILE', 'GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0'] as const;

export function baseGitEnv(ambient: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(ambient)) {
    if (value !== undefined && (PASSED_THROUGH.has(key) || key.startsWith('LC_'))) env[key] = value;
  }
  // Never wait for a username/password prompt: fail with a message instead.
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}

/**
 * Authentication for fetch and push over http(s) without the token ever being in argv,
 * a remote URL or a config file: git reads `http.<url>.extraHeader` from
 * GIT_CONFIG_COUNT/KEY/VALUE in its environment. The header is scoped to the remote's
 * scheme and host, and sent up front, so no credential helper is asked (or told to
 * store the token). ssh and local remotes get nothing.
 */
export function gitAuthEnv(remote: GitHubRepoRef | undefined, token: string | undefined): Record<string, string> {
  if (!remote || token === undefined || (remote.transport !== 'https' && remote.transport !== 'http')) return {};
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${remote.transport}://${remote.host}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}
