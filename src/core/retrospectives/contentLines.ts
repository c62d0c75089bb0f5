/** Calls back for lines outside front matter, fenced code and HTML comments. */
export function forEachContentLine(lines: readonly string[], from: number, to: number, callback: (line: string, index: number) => void): void {
  let fence: string | undefined;
  let inComment = false;
  let start = from;
  if (from === 0 && (lines[0] ?? '').replace(/^\uFEFF/, '').trimEnd() === '---') {
    const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line));
    if (close > 0) start = close + 1;
  }
  for (let index = start; index < to; index++) {
    const line = lines[index] ?? '';
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1] ?? '';
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    if (/^\s*<!--/.test(line)) {
      if (!line.includes('-->')) inComment = true;
      continue;
    }
    callback(line, index);
  }
}
