import { isRunnableLanguage } from './commands';
import { DANGER_RULES } from './dangerRules';
import { TOO_DEEP } from './shellSyntax';

/**
 * The words that tell a fence's language from a command: the languages people
 * label fences with, and the programs command blocks start with. Shared by the
 * info-string reader (a command on the fence line) and lint (misspelt languages,
 * unlabelled command blocks).
 */

/** Fence languages people write; a near miss of a shell name is a typo, these are not. */
export const KNOWN_LANGUAGES: ReadonlySet<string> = new Set([
  'sh', 'bash', 'zsh', 'shell', 'console', 'pwsh', 'powershell', 'ps1', 'ksh', 'csh', 'tcsh', 'fish', 'dash', 'ash', 'bat', 'cmd', 'shellscript', 'shell-session', 'sh-session', 'shellsession', 'terminal',
  'text', 'txt', 'plain', 'plaintext', 'log', 'output', 'diff', 'patch', 'json', 'jsonc', 'json5', 'yaml', 'yml', 'toml', 'ini', 'conf', 'cfg', 'properties', 'env', 'dotenv', 'xml', 'html', 'css', 'scss', 'csv', 'tsv', 'md', 'markdown', 'mermaid',
  'sql', 'psql', 'pgsql', 'mysql', 'plsql', 'promql', 'logql', 'traceql', 'kql', 'spl', 'graphql', 'http', 'hcl', 'tf', 'terraform', 'nginx', 'apache', 'dockerfile', 'docker', 'makefile', 'make', 'cmake', 'jinja', 'j2', 'go', 'golang', 'js', 'javascript', 'ts', 'typescript', 'jsx', 'tsx', 'py', 'python', 'rb', 'ruby', 'rs', 'rust',
  'java', 'kotlin', 'kt', 'scala', 'swift', 'c', 'h', 'cpp', 'cs', 'csharp', 'php', 'lua', 'perl', 'pl', 'r', 'hs', 'haskell', 'elixir', 'ex', 'erlang', 'clojure', 'groovy', 'gradle', 'vim', 'awk', 'sed', 'jq', 'regex', 'proto', 'protobuf', 'rego', 'cue', 'jsonnet', 'libsonnet', 'starlark', 'nix', 'systemd', 'crontab', 'ssh-config', 'gitignore', 'none',
]);

/** Programs a command block starts with: every program the danger rules know, and everyday ones. */
export const COMMAND_WORDS: ReadonlySet<string> = new Set([
  ...DANGER_RULES.flatMap((r) => r.programs).filter((p) => p !== TOO_DEEP),
  'ls', 'cat', 'cd', 'grep', 'echo', 'export', 'sudo', 'journalctl', 'ping', 'dig', 'nslookup', 'ssh', 'scp', 'tail', 'head', 'jq', 'watch', 'openssl', 'df', 'du', 'free', 'top', 'ps', 'ss', 'netstat', 'make', 'npm', 'go', 'python3', 'pip', 'brew', 'apt', 'apt-get', 'yum', 'dnf', 'wget', 'kubectx', 'kubens', 'stern', 'k9s', 'tar', 'cp', 'mv', 'mkdir', 'chmod', 'chown', 'tee', 'awk', 'sed',
]);

/**
 * The command written on a fence line, or undefined. `language` is the info
 * string's first word, `rest` what follows it (trimmed, not `{ … }` attributes).
 * A command is: a program we know (```sh kubectl get pods, or ```kubectl get pods
 * with no language at all), a prompt (```sh $ ls), or a path to a program
 * (```bash ./restart.sh), after a shell language. Words other tools put there — a
 * file name (```sh deploy.sh), `title="…"` or `linenums="1"` (MkDocs, Docusaurus) —
 * are not, nor is anything after another language (```yaml kubectl is a label).
 */
export function commandOnFenceLine(language: string, rest: string): string | undefined {
  if (COMMAND_WORDS.has(language) && !KNOWN_LANGUAGES.has(language)) return rest === '' ? language : `${language} ${rest}`;
  if (rest === '' || !isRunnableLanguage(language) || /^[A-Za-z_][\w.-]*=/.test(rest)) return undefined;
  const prompted = /^\$\s+(\S.*)$/.exec(rest);
  const command = prompted?.[1] ?? rest;
  const program = /^\S+/.exec(command)?.[0] ?? '';
  if (prompted) return command;
  if (COMMAND_WORDS.has(program)) return command;
  // ./restart.sh, bin/deploy --now, /usr/local/bin/x — a path, run with arguments or from here.
  if (/^(\.{1,2}\/|\/)[\w./-]+$/.test(program) || (/^[\w.-]+\/[\w./-]+$/.test(program) && command.length > program.length)) return command;
  return undefined;
}
