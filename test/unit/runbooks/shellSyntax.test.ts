import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dangerReasons } from '../../../src/core/runbooks/danger';
import { shellCommands, TOO_DEEP } from '../../../src/core/runbooks/shellSyntax';

// mvdan-sh (mvdan/sh, the parser behind shfmt, compiled to JS) is the reference here;
// it is too slow to start for the command line and the editor (see shellSyntax.ts).
interface MvdanNode {
  Args?: { Lit(): string }[];
}
interface Mvdan {
  syntax: {
    NewParser(): { Parse(src: string, name: string): unknown };
    Walk(node: unknown, visit: (node: MvdanNode | null) => boolean): void;
    NodeType(node: unknown): string;
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mvdan = require('mvdan-sh') as Mvdan;

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** The programs mvdan/sh finds, in source order: the first word of every simple command that has a literal one. */
function referencePrograms(script: string): string[] | undefined {
  let file: unknown;
  try {
    file = mvdan.syntax.NewParser().Parse(script, 'step.sh');
  } catch {
    return undefined; // not valid shell on its own (a fragment of a longer step)
  }
  const programs: string[] = [];
  mvdan.syntax.Walk(file, (node) => {
    if (node && mvdan.syntax.NodeType(node) === 'CallExpr') {
      const first = node.Args?.[0]?.Lit() ?? '';
      if (first !== '') programs.push(first);
    }
    return true;
  });
  return programs.sort();
}

function ourPrograms(script: string): string[] {
  return shellCommands(script)
    .map((c) => c.words[0] ?? '')
    .filter((w) => w !== '' && !/[$`"'\\]/.test(w))
    .sort();
}

describe('shell parser: agrees with mvdan/sh on which commands a step runs', () => {
  it('finds the same simple commands as mvdan/sh in every labelled real step', () => {
    const lines = fs
      .readFileSync(path.join(root, 'test', 'fixtures', 'danger', 'labelled-steps.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.slice(l.indexOf('\t') + 1));
    let compared = 0;
    for (const script of [...lines, 'a=$(kubectl delete ns x) && (cd /tmp; rm -rf y) | tee log', 'if kubectl get ns x; then kubectl delete ns x; fi', 'cat <<EOF | psql\nDROP TABLE x;\nEOF\necho done']) {
      const reference = referencePrograms(script);
      if (!reference) continue;
      compared++;
      assert.deepEqual(ourPrograms(script).filter((p) => !/[$`"'\\]/.test(p)), reference.filter((p) => !/[$`"'\\]/.test(p)), script);
    }
    assert.ok(compared >= 180, `compared only ${compared}`);
  });

  it('reads here-documents and pipelines into what each command is fed', () => {
    const [cat, psql, echo] = shellCommands('cat <<-EOF | psql -d app\n\tDROP TABLE x;\n\tEOF\necho done');
    assert.deepEqual(cat?.words, ['cat']);
    assert.equal(cat?.stdin, '\tDROP TABLE x;');
    assert.deepEqual(psql?.words, ['psql', '-d', 'app']);
    assert.equal(psql?.from, cat);
    assert.deepEqual(echo?.words, ['echo', 'done']);
  });

  it('stays bounded on hostile text (deep nesting, a megabyte of quotes)', () => {
    const deep = `${'$('.repeat(5000)}rm -rf /${')'.repeat(5000)}`;
    assert.ok(shellCommands(deep).some((c) => c.words[0] === TOO_DEEP), 'nesting past the limit is marked, not dropped');
    assert.ok(dangerReasons(deep).includes('commands nested too deeply to check'));
    assert.deepEqual(shellCommands('"'.repeat(1_000_001)).length, 1);
    assert.equal(shellCommands('x'.repeat(1_000_000))[0]?.words[0]?.length, 1_000_000);
  });
});
