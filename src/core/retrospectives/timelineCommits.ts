import { findTimelineBlock } from './timeline';

/** A commit as the retrospective's timeline lists it, for picking trigger and fix commits. */
export interface TimelineCommit {
  /** As written: the abbreviated sha. */
  sha: string;
  /** The timeline line without its leading `- `. */
  line: string;
}

/** The commits on the retrospective's timeline, in timeline order. */
export function timelineCommits(markdown: string): TimelineCommit[] {
  const lines = markdown.split(/\r?\n/);
  const block = findTimelineBlock(lines);
  if ('problem' in block) return [];
  const out: TimelineCommit[] = [];
  for (const line of lines.slice(block.start + 1, block.end)) {
    const match = /^- (.+ · commit · Commit \[?([0-9a-f]{7,64})\]?.*)$/i.exec(line);
    if (match?.[2]) out.push({ sha: match[2].toLowerCase(), line: match[1] ?? '' });
  }
  return out;
}
