import * as assert from 'node:assert/strict';
import { findStep, parseRunbook } from '../../../src/core/runbooks/parse';

const fence = '```';
const doc = (...lines: string[]) => lines.join('\n');

describe('Runme-compatible runbooks', () => {
  it('strips a leading $ prompt in every shell block and drops the output after it', () => {
    for (const language of ['sh', 'bash', 'shell', 'zsh', 'console']) {
      const step = parseRunbook(doc(`${fence}${language}`, '$ kubectl get pods -n prod', 'NAME   READY', 'api-1  1/1', '  $ echo done', 'done', fence)).steps[0];
      assert.equal(step?.commands, 'kubectl get pods -n prod\necho done', language);
    }
  });

  it('keeps here-document bodies and continuations of a prompted command', () => {
    const step = parseRunbook(doc(`${fence}bash`, '$ cat <<EOF > /tmp/x', 'line one', 'EOF', 'output', '$ ls \\', '  -la', 'total 0', fence)).steps[0];
    assert.equal(step?.commands, 'cat <<EOF > /tmp/x\nline one\nEOF\nls \\\n  -la');
  });

  it('runs a console block with no prompt at all as written, and leaves $VAR lines alone', () => {
    assert.equal(parseRunbook(doc(`${fence}console`, 'oc get nodes', 'oc adm top nodes', fence)).steps[0]?.commands, 'oc get nodes\noc adm top nodes');
    assert.equal(parseRunbook(doc(`${fence}sh`, '$HOME/bin/tool --check', fence)).steps[0]?.commands, '$HOME/bin/tool --check');
  });

  it('gives unnamed steps the name Runme derives, and --step finds either', () => {
    const parsed = parseRunbook(
      doc('## Check pods', `${fence}sh`, '# list them', '$ kubectl get pods -n prod', fence, '## Again', `${fence}sh`, 'kubectl get pods', fence, `${fence}sh`, 'export NAMESPACE=prod', fence, `${fence}sh { name=own }`, 'ls', fence),
    );
    assert.deepEqual(
      parsed.steps.map((s) => [s.name, s.derivedName]),
      [['check-pods', 'kubectl-get'], ['again', 'kubectl-get-2'], ['again-2', 'export-namespace'], ['own', undefined]],
    );
    assert.equal(findStep(parsed, 'kubectl-get-2')?.name, 'again');
    assert.equal(findStep(parsed, 'check-pods')?.derivedName, 'kubectl-get');
  });

  it('reads background, promptEnv and interpreter attributes and shell, cwd, skipPrompts front matter', () => {
    const parsed = parseRunbook(
      doc('---', 'shell: zsh', 'cwd: ..', 'skipPrompts: true', 'runme:', '  id: 01HF7B0KJPF469EG9ZVSTKGTS0', '---', `${fence}sh { background=true promptEnv=no interpreter=python3 }`, 'print(1)', fence),
    );
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.frontMatter?.shell, 'zsh');
    assert.equal(parsed.frontMatter?.cwd, '..');
    assert.equal(parsed.frontMatter?.skipPrompts, true);
    assert.deepEqual(parsed.steps[0]?.attributes, { unknown: {}, background: true, promptEnv: 'never', interpreter: 'python3' });
    const bad = parseRunbook(doc(`${fence}sh { interpreter="python3 -c 'x'" }`, 'x', fence));
    assert.equal(bad.steps[0]?.attributes.interpreter, undefined);
    assert.ok(bad.diagnostics.some((d) => d.code === 'attribute-invalid'));
  });
});
