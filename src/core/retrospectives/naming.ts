/**
 * Names built from incident data: the retrospective's file path and its git branch.
 * Both come from remote text, so both are validated before anything uses them.
 */

import { terminalSafe } from '../text/terminalSafe';

export const DEFAULT_RETROSPECTIVES_FOLDER = 'retrospectives';
const SLUG_MAX = 60;
const ID_PART_MAX = 64;

/** `retrospectives/<YYYY-MM-DD>-<INC-id>-<slug>.md`, the date being the declaration day (UTC). */
export function retrospectiveFileName(
  incident: { id: string; title: string; declaredAt: string },
  folder: string = DEFAULT_RETROSPECTIVES_FOLDER,
): string {
  const cleanFolder = normalizeFolder(folder);
  const declared = new Date(incident.declaredAt);
  if (Number.isNaN(declared.getTime())) throw new Error(`Incident ${incident.id} has no valid declaration time.`);
  const day = declared.toISOString().slice(0, 10);
  return `${cleanFolder}/${day}-${fileSafeId(incident.id)}-${slugify(incident.title)}.md`;
}

/** True when a file name (not a path) is a retrospective of that incident, whatever its title slug. */
export function isRetrospectiveFileOf(fileName: string, incidentId: string): boolean {
  const id = fileSafeId(incidentId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${id}-[a-z0-9-]*\\.md$`).test(fileName);
}

/** Lowercase ASCII words joined by dashes; accents dropped; never empty. */
export function slugify(title: string): string {
  const words = terminalSafe(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // Letters that Unicode does not decompose into a base letter and an accent.
    .replace(/[ßæœøłđþ]/g, (c) => ({ ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th' })[c] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = words;
  if (slug.length > SLUG_MAX) {
    slug = slug.slice(0, SLUG_MAX);
    const lastDash = slug.lastIndexOf('-');
    if (lastDash > SLUG_MAX / 2) slug = slug.slice(0, lastDash);
    slug = slug.replace(/-+$/, '');
  }
  return slug === '' ? 'incident' : slug;
}

/**
 * The id as a file-name part: safe characters only, and short, so that date + id +
 * slug stays far below the 255-byte limit of a file name (a backend's 5,000-character
 * id must not become ENAMETOOLONG). A cut id ends in a hash of the whole id, so two
 * long ids with the same beginning still get files of their own.
 */
function fileSafeId(id: string): string {
  // Escape sequences go whole first, so their payload (a window title…) does not end up in the name.
  const safe = terminalSafe(id).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  if (safe === '') return 'incident';
  if (safe.length <= ID_PART_MAX) return safe;
  const hash = fnv1a(id);
  return `${safe.slice(0, ID_PART_MAX - hash.length - 1).replace(/[-.]+$/, '')}-${hash}`;
}

/** 32-bit FNV-1a as 8 hex digits: a stable, dependency-free fingerprint (not a security measure). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** A workspace-relative folder, forward slashes, that cannot climb out of the workspace. */
export function normalizeFolder(folder: string): string {
  const parts = folder.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  if (folder.startsWith('/') || /^[A-Za-z]:/.test(folder) || parts.some((p) => p === '..') || parts.length === 0) {
    throw new Error(`The retrospectives folder must be a relative path inside the repository, not '${folder}'.`);
  }
  return parts.join('/');
}

export class InvalidBranchNameError extends Error {
  override name = 'InvalidBranchNameError';
}

/** `retro/<incident id>`, validated: an incident id never becomes a git option or a bad ref. */
export function retroBranchName(incidentId: string): string {
  const name = `retro/${incidentId}`;
  const problem = branchNameProblem(name);
  if (problem) throw new InvalidBranchNameError(`Cannot use incident id '${printable(incidentId)}' in a branch name: ${problem}.`);
  return name;
}

/**
 * Why a branch name is unusable, or undefined when it is fine. The rules of
 * `git check-ref-format --branch`, plus: nothing that starts with `-` (it would read as
 * an option), nothing beyond printable ASCII, and a sane length.
 */
export function branchNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > 200) return 'it is longer than 200 characters';
  if (name.startsWith('-')) return "it starts with '-'";
  if (/[\u0000-\u001F\u007F]/.test(name)) return 'it contains a control character';
  if (/[^\x20-\x7E]/.test(name)) return 'it contains a character outside printable ASCII';
  if (name.includes(' ')) return 'it contains a space';
  const bad = /[~^:?*[\\]/.exec(name);
  if (bad) return `it contains '${bad[0]}'`;
  if (name.includes('..')) return "it contains '..'";
  if (name.includes('@{')) return "it contains '@{'";
  if (name === '@') return "it is '@'";
  if (name === 'HEAD') return "it is 'HEAD'";
  if (name.startsWith('/') || name.endsWith('/')) return "it starts or ends with '/'";
  if (name.includes('//')) return "it contains '//'";
  if (name.endsWith('.')) return "it ends with '.'";
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `its part '${component}' starts with '.'`;
    if (component.endsWith('.lock')) return `its part '${component}' ends with '.lock'`;
    if (component.startsWith('-')) return `its part '${component}' starts with '-'`;
  }
  return undefined;
}

export function assertValidBranchName(name: string): string {
  const problem = branchNameProblem(name);
  if (problem) throw new InvalidBranchNameError(`'${printable(name)}' is not a usable branch name: ${problem}.`);
  return name;
}

/** Shows a rejected name without letting its control characters reach a terminal. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7E]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).slice(0, 120);
}
