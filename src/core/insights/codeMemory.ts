import type { Severity } from '../incidents/model';
import type { RetrospectiveFacts } from './types';

/**
 * Incident memory in the code: which past incidents a commit triggered or fixed, read
 * from the retrospectives' `trigger_commits` and `fix_commits`, and the line of text a
 * hover or CodeLens shows for it. Repository data only, so it works offline.
 */
export interface CommitMemory {
  incidentId: string;
  severity: Severity;
  /** YYYY-MM-DD of the declaration. */
  date: string;
  role: 'trigger' | 'fix';
  /** Repository-relative path of the retrospective. */
  retrospectivePath: string;
  openFollowUps: number;
}

const MIN_PREFIX = 7;

export class CommitMemoryIndex {
  private readonly byPrefix = new Map<string, CommitMemory[]>();
  private readonly lengths = new Set<number>();

  constructor(retrospectives: readonly RetrospectiveFacts[]) {
    for (const retro of retrospectives) {
      const fm = retro.frontMatter;
      const base = {
        incidentId: fm.id,
        severity: fm.severity,
        date: fm.declared_at.slice(0, 10),
        retrospectivePath: retro.path,
        openFollowUps: retro.followUps.filter((f) => !f.done).length,
      };
      for (const [role, shas] of [['trigger', fm.trigger_commits], ['fix', fm.fix_commits]] as const) {
        for (const raw of shas) {
          const sha = raw.trim().toLowerCase();
          if (!/^[0-9a-f]+$/.test(sha) || sha.length < MIN_PREFIX) continue;
          const list = this.byPrefix.get(sha) ?? [];
          if (!list.some((m) => m.incidentId === base.incidentId && m.role === role)) list.push({ ...base, role });
          this.byPrefix.set(sha, list);
          this.lengths.add(sha.length);
        }
      }
    }
  }

  get isEmpty(): boolean {
    return this.byPrefix.size === 0;
  }

  /** What a (full) commit sha is remembered for; empty for most commits. */
  lookup(sha: string): CommitMemory[] {
    const full = sha.toLowerCase();
    const out: CommitMemory[] = [];
    for (const length of this.lengths) out.push(...(this.byPrefix.get(full.slice(0, length)) ?? []));
    return out;
  }
}

/** "INC-42 · Sev 1 · 2026-10-03: this change triggered it — retrospective · 2 open follow-ups" */
export function memoryText(memory: CommitMemory): string {
  const what = memory.role === 'trigger' ? 'this change triggered it' : 'this change fixed it';
  const followUps = memory.openFollowUps === 0 ? 'no open follow-ups' : memory.openFollowUps === 1 ? '1 open follow-up' : `${memory.openFollowUps} open follow-ups`;
  return `${memory.incidentId} · Sev ${memory.severity} · ${memory.date}: ${what} — retrospective · ${followUps}`;
}

/**
 * `git blame --porcelain` → the commit of each final line (index 0 = line 1). Lines
 * not committed yet (the all-zero sha) are left undefined.
 */
export function parseBlamePorcelain(output: string): (string | undefined)[] {
  const lines: (string | undefined)[] = [];
  const header = /^([0-9a-f]{40,64}) \d+ (\d+)(?: (\d+))?$/;
  for (const line of output.split('\n')) {
    if (line.startsWith('\t')) continue;
    const match = header.exec(line);
    if (!match) continue;
    const sha = match[1] as string;
    const finalLine = Number(match[2]);
    lines[finalLine - 1] = /^0+$/.test(sha) ? undefined : sha;
  }
  return lines;
}

/** Runs of consecutive lines (0-based, inclusive) last changed by a remembered commit, with what is remembered. */
export function rememberedRuns(blame: readonly (string | undefined)[], index: CommitMemoryIndex): { start: number; end: number; sha: string; memories: CommitMemory[] }[] {
  const runs: { start: number; end: number; sha: string; memories: CommitMemory[] }[] = [];
  const cache = new Map<string, CommitMemory[]>();
  for (let i = 0; i < blame.length; i++) {
    const sha = blame[i];
    if (!sha) continue;
    let memories = cache.get(sha);
    if (!memories) cache.set(sha, (memories = index.lookup(sha)));
    if (memories.length === 0) continue;
    const last = runs[runs.length - 1];
    if (last && last.sha === sha && last.end === i - 1) last.end = i;
    else runs.push({ start: i, end: i, sha, memories });
  }
  return runs;
}
