/**
 * Step names: what `--step NAME`, execution records and the editor use to point at
 * a step. Explicit `name` attributes win; other steps take a slug of their nearest
 * heading; duplicates get `-2`, `-3`, ...
 */

const MAX_SLUG = 64;
const NOTHING: ReadonlySet<string> = new Set();

/** `## 3. Run the script` → `run-the-script`. Leading step numbers are dropped. */
export function slugify(heading: string): string {
  // Accents off (é → e); plain ASCII, most headings, needs no Unicode pass.
  const ascii = /^[\x00-\x7f]*$/.test(heading) ? heading : heading.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const slug = ascii
    .toLowerCase()
    .replace(/^\s*(?:step\s+)?\d+[.):]?\s+/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  return slug;
}

export interface NameRequest {
  /** The `name` attribute, if any. */
  explicit?: string;
  /** The nearest heading's text, if any. */
  heading?: string;
}

export interface AssignedName {
  name: string;
  /** True when an explicit name had to be changed because another step already had it. */
  renamedDuplicate: boolean;
}

/**
 * Names for all steps of a runbook, in order. Explicit names are reserved first so a
 * heading slug never steals one that a later step asked for.
 */
export function assignStepNames(requests: readonly NameRequest[]): AssignedName[] {
  const taken = new Set<string>();
  const reservedExplicit = new Set(requests.flatMap((r) => (r.explicit === undefined ? [] : [r.explicit])));
  // Remembers where each base's suffix search stopped, so many same-named steps stay linear.
  const nextSuffix = new Map<string, number>();
  const unique = (base: string, avoid: ReadonlySet<string>): string => {
    if (!taken.has(base) && !avoid.has(base)) return base;
    for (let n = nextSuffix.get(base) ?? 2; ; n++) {
      const candidate = `${base}-${n}`;
      if (!taken.has(candidate) && !avoid.has(candidate)) {
        nextSuffix.set(base, n + 1);
        return candidate;
      }
    }
  };
  return requests.map((request, index) => {
    if (request.explicit !== undefined) {
      const renamedDuplicate = taken.has(request.explicit);
      const name = unique(request.explicit, NOTHING);
      taken.add(name);
      return { name, renamedDuplicate };
    }
    const base = (request.heading !== undefined ? slugify(request.heading) : '') || `step-${index + 1}`;
    const name = unique(base, reservedExplicit);
    taken.add(name);
    return { name, renamedDuplicate: false };
  });
}

/**
 * Runme's name for a block without a `name` attribute: from its first line that is
 * not a comment (prompt `$` dropped), cut at a `=` (an assignment names the
 * variable), its first 32 characters, at most two words, lower-case letters and
 * digits joined by `-`. Repeats get `-2`, `-3`, ... counted over all blocks, as
 * Runme counts them. `--step` accepts these names as well as ours.
 */
export function runmeNames(blocks: readonly { explicit?: string; body: string }[]): (string | undefined)[] {
  const counts = new Map<string, number>();
  return blocks.map((block) => {
    const base = block.explicit ?? runmeBaseName(block.body);
    const count = (counts.get(base) ?? 0) + 1;
    counts.set(base, count);
    if (block.explicit !== undefined) return undefined;
    const name = count === 1 ? base : `${base}-${count}`;
    return name === '' ? undefined : name;
  });
}

function runmeBaseName(body: string): string {
  // The first line that is not blank or a comment once `$`s are dropped (else the first line).
  let first: string | undefined;
  let text: string | undefined;
  for (let start = 0; start < body.length && text === undefined; ) {
    const end = body.indexOf('\n', start) === -1 ? body.length : body.indexOf('\n', start);
    const line = body.slice(start, end).replace(/^\$+/, '').trimEnd();
    first ??= line;
    const code = (line.trim().split('#')[0] ?? '').trimEnd();
    if (code !== '') text = code;
    start = end + 1;
  }
  text ??= first ?? '';
  for (let eq = text.indexOf('='); eq > 0; eq = text.indexOf('=')) text = text.slice(0, eq);
  const words = text.slice(0, 32).split(' ');
  const head = words.length > 1 ? words.slice(0, 2).join(' ') : (words[0] ?? '');
  let name = '';
  for (const c of head.toLowerCase()) {
    if (c === ' ' && name.length > 0) name += '-';
    else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) name += c;
  }
  return name;
}
