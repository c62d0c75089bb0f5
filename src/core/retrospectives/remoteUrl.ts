/**
 * Where a repository lives on GitHub (or GitHub Enterprise), read from its git remote
 * URL in any of the forms people use: https, ssh URL, and scp-like ssh.
 */
export interface GitHubRepoRef {
  /** Host name, with the port for http(s) remotes (`ghe.example.com`, `127.0.0.1:8080`). */
  host: string;
  owner: string;
  repo: string;
  /** How git reaches it; only http(s) remotes take a token header. */
  transport: 'https' | 'http' | 'ssh' | 'git';
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,99})$/;
const REPO = /^[A-Za-z0-9_.-]{1,100}$/;

/** Parses a remote URL; undefined when it is not a `host/owner/repo` URL (e.g. a local path). */
export function parseRemoteUrl(url: string): GitHubRepoRef | undefined {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (scheme) {
    const protocol = (scheme[1] ?? '').toLowerCase();
    const transport = protocol === 'https' ? 'https' : protocol === 'http' ? 'http' : protocol === 'ssh' || protocol === 'git+ssh' ? 'ssh' : protocol === 'git' ? 'git' : undefined;
    if (!transport) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      return undefined;
    }
    // The ssh port is not the web port: the API lives on the plain host name.
    const host = transport === 'https' || transport === 'http' ? parsed.host : parsed.hostname;
    return fromPath(host, decodeURIComponent(parsed.pathname), transport);
  }
  // scp-like: [user@]host:owner/repo(.git) — no scheme, a colon before the first slash.
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(trimmed);
  if (scp && !/^[A-Za-z]$/.test(scp[1] ?? '')) return fromPath(scp[1] ?? '', scp[2] ?? '', 'ssh');
  return undefined;
}

function fromPath(host: string, path: string, transport: GitHubRepoRef['transport']): GitHubRepoRef | undefined {
  const parts = path.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length !== 2 || host === '') return undefined;
  const owner = parts[0] ?? '';
  const repo = (parts[1] ?? '').replace(/\.git$/, '');
  if (!OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') return undefined;
  return { host: host.toLowerCase(), owner, repo, transport };
}

/** The web address of the repository (`https://github.com/o/r`). */
export function repoWebUrl(ref: GitHubRepoRef): string {
  const scheme = ref.transport === 'http' ? 'http' : 'https';
  return `${scheme}://${ref.host}/${ref.owner}/${ref.repo}`;
}

/** GitHub's REST base for the host: api.github.com, or `/api/v3` on GitHub Enterprise Server. */
export function defaultApiBaseUrl(ref: GitHubRepoRef): string {
  if (ref.host === 'github.com' || ref.host === 'www.github.com') return 'https://api.github.com';
  const scheme = ref.transport === 'http' ? 'http' : 'https';
  return `${scheme}://${ref.host}/api/v3`;
}
