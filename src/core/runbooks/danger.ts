import type { RunbookStep } from './types';

/**
 * Built-in destructive patterns. A step whose commands match any of them asks for
 * confirmation before it runs, whatever its attributes or front matter say: only
 * `confirm=true` can add a confirmation, nothing can take one away.
 *
 * Matching works on simple commands (split at `;`, `&&`, `||`, `|`, newlines and
 * substitutions) and their words, so it is linear in the text and cannot be slowed
 * down by hostile input. It is deliberately eager: `echo kubectl delete` asks too.
 */

export function dangerReasons(command: string): string[] {
  const reasons = new Set<string>();
  const text = command.replace(/\\\r?\n/g, ' ');
  for (const [pattern, reason] of TEXT_PATTERNS) if (pattern.test(text)) reasons.add(reason);
  for (const segment of text.split(/;|&&|\|\||\||\n|\$\(|`|\(|\)|\{|\}/)) {
    const words = segment
      .split(/\s+/)
      .map((w) => w.replace(/^['"\\]+|['"]+$/g, ''))
      .filter((w) => w !== '');
    for (const rule of WORD_RULES) {
      const reason = rule(words);
      if (reason) reasons.add(reason);
    }
  }
  return [...reasons];
}

/** A step asks before running when marked `confirm=true` or when its commands look destructive. */
export function needsConfirmation(step: Pick<RunbookStep, 'attributes' | 'commands'>): boolean {
  return step.attributes.confirm === true || dangerReasons(step.commands).length > 0;
}

/** Why a step asks, for the confirmation dialog: the marker first, then each pattern. */
export function confirmationReasons(step: Pick<RunbookStep, 'attributes' | 'commands'>): string[] {
  const reasons = dangerReasons(step.commands);
  return step.attributes.confirm === true ? ['marked confirm=true', ...reasons] : reasons;
}

/** SQL and database commands are often quoted inside another command, so they match on the text. */
const TEXT_PATTERNS: readonly [RegExp, string][] = [
  [/\bDROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW|USER|ROLE|COLLECTION|KEYSPACE)\b/i, 'SQL DROP'],
  [/\bTRUNCATE\b/i, 'TRUNCATE'],
  [/\bDELETE\s+FROM\b/i, 'SQL DELETE FROM'],
  [/\.drop(?:Database)?\s*\(/, 'MongoDB drop'],
  [/\.delete(?:Many|One)\s*\(/, 'MongoDB delete'],
  [/\bFLUSH(?:ALL|DB)\b/i, 'Redis FLUSHALL/FLUSHDB'],
];

type WordRule = (words: readonly string[]) => string | undefined;

const indexOfWord = (words: readonly string[], ...names: string[]) => words.findIndex((w) => names.includes(w));
const after = (words: readonly string[], index: number) => (index === -1 ? [] : words.slice(index + 1));

const WORD_RULES: readonly WordRule[] = [
  (words) => {
    const rm = words.findIndex((w) => w === 'rm' || w.endsWith('/rm'));
    if (rm === -1) return undefined;
    let recursive = false;
    let force = false;
    for (const w of after(words, rm)) {
      if (w === '--') break;
      if (w === '--recursive') recursive = true;
      else if (w === '--force') force = true;
      else if (/^-[A-Za-z]+$/.test(w)) {
        recursive ||= /[rR]/.test(w);
        force ||= w.includes('f');
      }
    }
    if (recursive && force) return 'rm -rf (recursive forced delete)';
    return recursive ? 'rm -r (recursive delete)' : undefined;
  },
  (words) => (words.some((w) => w === 'find') && words.includes('-delete') ? 'find -delete' : undefined),
  (words) => {
    const rest = after(words, indexOfWord(words, 'kubectl', 'oc'));
    if (rest.includes('delete')) return 'kubectl delete';
    return rest.includes('drain') ? 'kubectl drain' : undefined;
  },
  (words) => {
    const rest = after(words, indexOfWord(words, 'terraform', 'tofu', 'terragrunt'));
    if (rest.includes('destroy') || rest.includes('-destroy')) return 'terraform destroy';
    return rest.includes('apply') ? 'terraform apply' : undefined;
  },
  (words) => {
    const rest = after(words, indexOfWord(words, 'git'));
    const push = rest.indexOf('push');
    if (push !== -1) {
      const args = rest.slice(push + 1);
      const forced = args.some(
        (w) => w === '-f' || w.startsWith('--force') || (/^-[A-Za-z]+$/.test(w) && w.includes('f')) || /^\+[^+]/.test(w),
      );
      if (forced) return 'git push --force';
      if (args.includes('--delete') || args.includes('-d') || args.some((w) => w.startsWith(':') && w.length > 1)) {
        return 'git push --delete';
      }
    }
    if (rest.includes('reset') && rest.includes('--hard')) return 'git reset --hard';
    const clean = rest.indexOf('clean');
    if (clean !== -1 && rest.slice(clean + 1).some((w) => /^-[A-Za-z]*f/.test(w) || w === '--force')) return 'git clean -f';
    return undefined;
  },
  (words) => {
    const rest = after(words, indexOfWord(words, 'helm'));
    return rest.includes('uninstall') || rest.includes('delete') ? 'helm uninstall' : undefined;
  },
  (words) => (words.includes('dd') && words.some((w) => w.startsWith('of=')) ? 'dd of= (raw disk write)' : undefined),
  (words) => (words.some((w) => w === 'mkfs' || w.startsWith('mkfs.')) ? 'mkfs (format a file system)' : undefined),
  (words) => {
    if (words.some((w) => w === 'shutdown' || w === 'reboot' || w === 'halt' || w === 'poweroff')) return 'shutdown/reboot';
    const init = words.indexOf('init');
    return init !== -1 && (words[init + 1] === '0' || words[init + 1] === '6') ? 'shutdown/reboot' : undefined;
  },
  (words) => {
    const rest = after(words, indexOfWord(words, 'aws'));
    if (rest.some((w) => w.startsWith('delete-') || w === 'terminate-instances')) return 'aws delete/terminate';
    const s3 = rest.indexOf('s3');
    if (s3 !== -1 && (rest[s3 + 1] === 'rb' || (rest[s3 + 1] === 'rm' && rest.includes('--recursive')))) return 'aws s3 delete';
    return undefined;
  },
  (words) => (after(words, indexOfWord(words, 'gcloud', 'az')).includes('delete') ? 'cloud resource delete' : undefined),
  (words) => {
    const rest = after(words, indexOfWord(words, 'docker', 'podman'));
    return rest.includes('prune') ? 'docker prune' : undefined;
  },
];
