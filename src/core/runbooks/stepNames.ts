/**
 * Step names: what `--step NAME`, execution records and the editor use to point at
 * a step. Explicit `name` attributes win; other steps take a slug of their nearest
 * heading; duplicates get `-2`, `-3`, ...
 */

const MAX_SLUG = 64;
const NOTHING: ReadonlySet<string> = new Set();

/** `## 3. Run the script` → `run-the-script`. Leading step numbers are dropped. */
export function slugify(heading: string): string {
  const slug = heading
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
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
