import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import { parseRunbookQuickly } from '../../../src/core/runbooks/quickParse';

const fence = '```';
const root = path.resolve(__dirname, '..', '..', '..', '..');

/** Plain files the quick scanner must read exactly as markdown-it does. */
const PLAIN: string[] = [
  `# Title\n\nSome prose.\n\n## 2. Check \`kubectl get pods\` now ##\n\n${fence}sh { name=x }\necho 1\n${fence}\n\n~~~~bash\n~~~\nstill inside\n~~~~~\n`,
  `---\ntitle: t\n---\n# H\n${fence}console\n$ ls\nout\n  ${fence}\n\n- a list\n- with items\n\n1. numbered\n2) also\n\n---\n\nafter a rule`,
  `# Unclosed\n${fence}sh\necho never closed\n`,
  `# Unclosed without newline\n${fence}sh\necho x`,
  `##   spaced   heading   #not-closing\n${fence}\nno info\n${fence}   \n# \`\` a \`b\` \`\` and \`x\n${fence}sh\n    ${fence}\n${fence}\n`,
  `text right before\n${fence}sh\necho interrupts a paragraph\n${fence}\n####### not a heading\n#also not`,
  '',
  '\n\n\n',
  `# A\r\n${fence}sh\r\necho crlf\r\n${fence}\r\n`,
];

/** Files the scanner must hand to markdown-it (and what makes them not plain). */
const NOT_PLAIN: string[] = [
  `- item\n\n  ${fence}sh\n  echo in a list\n  ${fence}\n`,
  `> ${fence}sh\n> echo quoted\n> ${fence}\n`,
  `<!--\n${fence}sh\nrm -rf /\n${fence}\n-->\n`,
  `Setext\n======\n${fence}sh\necho\n${fence}`,
  `# Heading with *emphasis*\n${fence}sh\necho\n${fence}`,
  `- # heading in a list\n${fence}sh\necho\n${fence}`,
  `   ${fence}sh\necho indented fence\n${fence}`,
  `\t# tab\n`,
];

describe('parseRunbookQuickly: the plain-file scanner', () => {
  it('gives exactly what parseRunbook gives on plain files', () => {
    for (const text of PLAIN) {
      const quick = parseRunbookQuickly(text);
      assert.ok(quick, `expected the scanner to read: ${JSON.stringify(text.slice(0, 60))}`);
      assert.deepEqual(quick, parseRunbook(text), text);
    }
  });

  it('declines files whose fences or headings need a full CommonMark parse', () => {
    for (const text of NOT_PLAIN) assert.equal(parseRunbookQuickly(text), undefined, text);
  });

  it('agrees with parseRunbook on every shipped runbook and fixture it reads', () => {
    const files = [
      ...fs.readdirSync(path.join(root, 'runbooks')).filter((f) => f.endsWith('.md')).map((f) => path.join(root, 'runbooks', f)),
      ...markdownUnder(path.join(root, 'test', 'fixtures')),
    ];
    let read = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const quick = parseRunbookQuickly(text);
      if (!quick) continue;
      read++;
      assert.deepEqual(quick, parseRunbook(text), file);
    }
    assert.ok(read >= 5, `the scanner read only ${read} of ${files.length} files`);
  });
});

function markdownUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownUnder(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}
