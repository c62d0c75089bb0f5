import { basename, DANGER_RULES, type Command, type DangerLevel } from './dangerRules';
import { shellCommands, type ShellCommand } from './shellSyntax';
import type { RunbookStep } from './types';

/**
 * Which steps ask first. The step's commands are parsed (shellSyntax.ts) into the
 * simple commands they run — through pipelines, subshells, `$(…)`, loops — and
 * wrappers are looked through (sudo, env, nohup, timeout, watch, xargs, `ssh host
 * cmd`, `kubectl exec … --`, `sh -c '…'`, `eval`); each command is then matched
 * against the one rule table, dangerRules.ts. A step asks first when any command
 * is destructive or state-changing, or it is marked `confirm=true`: only
 * `confirm=true` can add a confirmation, nothing can take one away.
 */

export interface DangerFinding {
  level: DangerLevel;
  reason: string;
}

const MAX_NESTING = 8;
/** The table's rows by program, so a command meets only the rows about it. */
const RULES_BY_PROGRAM = new Map<string, (typeof DANGER_RULES)[number][]>();
for (const rule of DANGER_RULES) for (const program of rule.programs) RULES_BY_PROGRAM.set(program, [...(RULES_BY_PROGRAM.get(program) ?? []), rule]);

export function dangerFindings(script: string): DangerFinding[] {
  const found = new Map<string, DangerFinding>();
  visit(shellCommands(script), 0, found);
  return [...found.values()];
}

export function dangerReasons(command: string): string[] {
  return dangerFindings(command).map((f) => f.reason);
}

/** A step asks before running when marked `confirm=true` or when its commands change or destroy something. */
export function needsConfirmation(step: Pick<RunbookStep, 'attributes' | 'commands'>): boolean {
  return step.attributes.confirm === true || dangerFindings(step.commands).length > 0;
}

/** Why a step asks, for the confirmation dialog: the marker first, then each finding. */
export function confirmationReasons(step: Pick<RunbookStep, 'attributes' | 'commands'>): string[] {
  const reasons = dangerReasons(step.commands);
  return step.attributes.confirm === true ? ['marked confirm=true', ...reasons] : reasons;
}

function visit(commands: readonly ShellCommand[], depth: number, found: Map<string, DangerFinding>): void {
  for (const source of commands) classify(source, source.words, depth, found);
}

function classify(source: ShellCommand, words: readonly string[], depth: number, found: Map<string, DangerFinding>): void {
  if (words.length === 0) return;
  if (depth > MAX_NESTING) {
    // Wrappers inside wrappers past the limit are not read: they ask first.
    found.set('commands nested too deeply to check', { level: 'destructive', reason: 'commands nested too deeply to check' });
    return;
  }
  // mkfs.ext4 is mkfs; python3.11 is python3.
  const program = basename(words[0] ?? '').replace(/^(mkfs)\..*$/, '$1');
  const args = words.slice(1);
  const inner = unwrap(program, args);
  if (inner) {
    if (inner.script !== undefined) visit(shellCommands(inner.script), depth + 1, found);
    else classify(source, inner.words ?? [], depth + 1, found);
    if (!inner.alsoSelf) return;
  }
  const command: Command = { program, args, verbs: verbsOf(args), source };
  for (const rule of RULES_BY_PROGRAM.get(program) ?? []) {
    const matches = rule.verbs ? rule.verbs.some((path) => startsWithPath(command, path)) && !isReadOnlyException(command) : (rule.test?.(command) ?? false);
    if (matches && !found.has(rule.reason)) found.set(rule.reason, { level: rule.level, reason: rule.reason });
  }
}

/** Options that take a value as the next word, so the value is not taken for a verb. */
const VALUE_OPTIONS = new Set([
  '-n', '--namespace', '-l', '--selector', '-o', '--output', '-c', '--container', '--context', '--kubeconfig', '--cluster', '--user', '--as',
  '-s', '--server', '--token', '-f', '--filename', '-C', '-H', '--host', '--endpoints', '--profile', '--region', '--project', '--zone',
  '--resource-group', '-g', '--subscription', '-p', '--port', '-U', '--username', '-d', '--dbname', '-h', '-u', '-k', '--kustomize',
  '--field-selector', '--type', '-t', '--template', '--sort-by', '--chdir', '-chdir', '--config', '--cacert', '--cert', '--key',
]);

function verbsOf(args: readonly string[]): string[] {
  const verbs: string[] = [];
  for (let i = 0; i < args.length && verbs.length < 8; i++) {
    const a = args[i] ?? '';
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (!a.includes('=') && VALUE_OPTIONS.has(a)) i++;
      continue;
    }
    verbs.push(a.toLowerCase());
  }
  return verbs;
}

/** Verb paths that look like writes but only read: `kubectl create token` mints a token to read with. */
function isReadOnlyException(command: Command): boolean {
  return command.verbs[0] === 'create' && command.verbs[1] === 'token';
}

/** Verb words in order; words starting with `-` are flags that must also be there. */
function startsWithPath(command: Command, path: readonly string[]): boolean {
  const verbs = path.filter((p) => !p.startsWith('-'));
  const flags = path.filter((p) => p.startsWith('-'));
  return verbs.every((v, i) => command.verbs[i] === v) && flags.every((f) => command.args.includes(f));
}

interface Unwrapped {
  /** The wrapped command's words, or a script to parse. */
  words?: readonly string[];
  script?: string;
  /** The wrapper is itself checked too (kubectl exec runs in a pod; the wrapper is harmless but checked). */
  alsoSelf?: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash']);

function unwrap(program: string, args: readonly string[]): Unwrapped | undefined {
  switch (program) {
    case 'sudo':
    case 'doas':
      return { words: skipOptions(args, ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U']) };
    case 'env':
      return { words: skipOptions(args, ['-u', '-C', '-S']).filter((_, i, all) => i >= all.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w))) };
    case 'nohup':
    case 'time':
    case 'command':
    case 'exec':
    case 'builtin':
    case 'stdbuf':
    case 'unbuffer':
      return { words: skipOptions(args, []) };
    case 'nice':
    case 'ionice':
      return { words: skipOptions(args, ['-n', '-c']) };
    case 'timeout': {
      const rest = skipOptions(args, ['-s', '-k', '--signal', '--kill-after']);
      return { words: rest.slice(1) };
    }
    case 'chroot':
      return { words: skipOptions(args, []).slice(1) };
    case 'xargs':
      return { words: skipOptions(args, ['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a']) };
    case 'watch':
      return { script: skipOptions(args, ['-n', '-d', '--interval']).join(' ') };
    case 'eval':
      return { script: args.join(' ') };
    case 'ssh': {
      const rest = skipOptions(args, ['-i', '-p', '-l', '-o', '-F', '-J', '-L', '-R', '-D', '-W', '-E', '-b', '-c', '-m', '-O', '-Q', '-S', '-w', '-B']);
      return rest.length > 1 ? { script: rest.slice(1).join(' ') } : undefined;
    }
    default:
      break;
  }
  if (SHELLS.has(program)) {
    const c = args.findIndex((a) => a === '-c' || (/^-[A-Za-z]+$/.test(a) && a.includes('c')));
    return c !== -1 && args[c + 1] !== undefined ? { script: args[c + 1] } : undefined;
  }
  // `kubectl exec pod -- cmd`, `oc debug node/x -- chroot /host cmd`, `docker exec ctr cmd`.
  if ((program === 'kubectl' || program === 'oc') && ['exec', 'debug', 'rsh', 'run'].includes(verbsOf(args)[0] ?? '')) {
    const dash = args.indexOf('--');
    if (dash !== -1) return { words: args.slice(dash + 1), alsoSelf: true };
    if (verbsOf(args)[0] === 'rsh') return { words: skipOptions(args.slice(args.indexOf('rsh') + 1), ['-c', '--container', '-n', '--namespace']).slice(1), alsoSelf: true };
  }
  if ((program === 'docker' || program === 'podman') && verbsOf(args)[0] === 'exec') {
    const rest = skipOptions(args.slice(args.indexOf('exec') + 1), ['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file']);
    return { words: rest.slice(1), alsoSelf: true };
  }
  return undefined;
}

/** The words after the leading options (and their values) of a wrapper. */
function skipOptions(args: readonly string[], withValue: readonly string[]): string[] {
  let i = 0;
  while (i < args.length) {
    const a = args[i] ?? '';
    if (a === '--') return args.slice(i + 1);
    if (!a.startsWith('-') || a === '-') break;
    i += withValue.includes(a) ? 2 : 1;
  }
  return args.slice(i);
}
