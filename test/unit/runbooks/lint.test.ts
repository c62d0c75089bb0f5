import * as assert from 'node:assert/strict';
import { hasErrors, isStale, lintRunbook, reviewAgeDays } from '../../../src/core/runbooks/lint';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import { variableAssignments, variableReferences } from '../../../src/core/runbooks/shellVars';

const fence = '```';
const today = new Date(Date.UTC(2026, 10, 21, 15, 30));

function runbook(frontMatter: string[], ...body: string[]): string {
  return ['---', ...frontMatter, '---', ...body].join('\n');
}

const goodFront = ['title: T', 'services: [api]', 'owner: sre', 'last_reviewed: 2026-11-01'];

function codes(text: string, options: { today: Date; strict?: boolean } = { today }) {
  return lintRunbook(parseRunbook(text), options).map((d) => [d.severity, d.code, d.line]);
}

describe('lintRunbook', () => {
  it('says nothing about a tidy runbook', () => {
    const text = runbook(
      [...goodFront, 'params:', '  REGION: { default: us-east-1 }'],
      '## Check',
      `${fence}sh`,
      'echo "$REGION in $HOME by $USER"',
      fence,
    );
    assert.deepEqual(codes(text), []);
  });

  it('passes through parse errors (unclosed fence, front matter) and fails the file', () => {
    const diagnostics = lintRunbook(parseRunbook(runbook(goodFront, `${fence}sh`, 'echo one')), { today });
    assert.ok(diagnostics.some((d) => d.code === 'unclosed-fence' && d.severity === 'error'));
    assert.equal(hasErrors(diagnostics), true);
    const tagged = lintRunbook(parseRunbook(runbook(['title: !custom x'], `${fence}sh`, 'ls', fence)), { today });
    assert.deepEqual(tagged.map((d) => d.code), ['front-matter-tag']);
  });

  it('warns about missing front matter, title, services and review date', () => {
    assert.deepEqual(codes(`${fence}sh\nls\n${fence}`, { today, strict: true }), [['warning', 'missing-front-matter', 0]]);
    assert.deepEqual(codes(runbook(['owner: x'], `${fence}sh`, 'ls', fence)), [
      ['warning', 'missing-title', 0],
      ['warning', 'missing-services', 0],
      ['warning', 'missing-last-reviewed', 0],
    ]);
  });

  it('marks a review older than the interval stale, and honours a custom interval', () => {
    const text = runbook(['title: T', 'services: [api]', 'last_reviewed: 2026-08-01'], `${fence}sh`, 'ls', fence);
    const stale = lintRunbook(parseRunbook(text), { today });
    assert.equal(stale.length, 1);
    assert.equal(stale[0]?.code, 'stale-review');
    assert.match(stale[0]?.message ?? '', /112 days ago; the review interval is 90 days/);
    assert.deepEqual(lintRunbook(parseRunbook(text), { today, reviewIntervalDays: 120 }), []);
    assert.equal(reviewAgeDays('2026-11-21', today), 0);
    assert.equal(isStale('2026-08-23', { today }), false);
    assert.equal(isStale('2026-08-22', { today }), true);
    assert.equal(isStale(undefined, { today }), true);
  });

  it('warns once per undeclared variable, at its line, and ignores declared, well-known, optional and assigned ones', () => {
    const text = runbook(
      [...goodFront, 'params:', '  REGION: {}'],
      `${fence}bash`,
      'echo "$REGION" "$HOME" "${PATH}" "${DRY_RUN:-1}" "$1" "$?"',
      'export TICKET=INC-1',
      'echo "$TICKET" $CLUSTER',
      'echo ${CLUSTER} \'$NOT_A_VAR\' \\$ESCAPED # $IN_COMMENT',
      fence,
      `${fence}sh`,
      'echo "$TICKET"',
      'read -r -p "Name: " ANSWER',
      'for pod in a b; do echo "$pod $ANSWER"; done',
      'cat <<\'EOF\'',
      'literal $QUOTED_HEREDOC',
      'EOF',
      'cat <<EOF',
      "it's $OPEN_HEREDOC",
      'EOF',
      'echo "$TOKEN"',
      fence,
    );
    assert.deepEqual(codes(text), [
      ['warning', 'undeclared-param', 11],
      ['warning', 'undeclared-param', 22],
      ['warning', 'undeclared-param', 24],
    ]);
    const messages = lintRunbook(parseRunbook(text), { today }).map((d) => d.message);
    assert.match(messages[0] ?? '', /^\$CLUSTER is used/);
    assert.match(messages[1] ?? '', /^\$OPEN_HEREDOC/);
    assert.match(messages[2] ?? '', /^\$TOKEN/);
  });

  it('counts a variable as assigned only from where it is assigned on', () => {
    const text = runbook(goodFront, `${fence}sh`, 'echo "$LATER"', fence, `${fence}sh`, 'LATER=1', fence);
    assert.deepEqual(codes(text), [['warning', 'undeclared-param', 7]]);
  });

  it('reads $env:NAME in PowerShell steps and not $local variables', () => {
    const text = runbook(goodFront, `${fence}pwsh`, '$count = 3', 'Write-Output $count $env:REGION', fence);
    assert.deepEqual(codes(text), [['warning', 'undeclared-param', 8]]);
  });

  it('ignores variables in fences that do not run', () => {
    assert.deepEqual(codes(runbook(goodFront, `${fence}yaml`, 'x: $NOPE', fence, `${fence}sh`, 'ls', fence)), []);
  });

  it('notes declared params that no step mentions', () => {
    const text = runbook([...goodFront, 'params:', '  UNUSED: {}'], `${fence}sh`, 'ls', fence);
    assert.deepEqual(codes(text), [['info', 'unused-param', 0]]);
  });

  it('warns when nothing can run, or a step is empty', () => {
    assert.deepEqual(codes(runbook(goodFront, 'Just prose.', `${fence}text`, 'ls', fence)), [['warning', 'no-runnable-steps', 0]]);
    assert.deepEqual(codes(runbook(goodFront, `${fence}sh`, fence, `${fence}console`, '  ', fence, `${fence}sh`, 'ls', fence)), [
      ['warning', 'empty-step', 6],
      ['warning', 'empty-step', 8],
    ]);
  });
});

describe('shell variable scanner', () => {
  it('finds references with their kind', () => {
    const refs = variableReferences('a=$A b=${B} c=${C:-x} d=${#D} e="$E" f=\'$F\' g=\\$G h=$(( 1 )) i=${I:?set}', 'bash');
    assert.deepEqual(
      refs.map((r) => [r.name, r.optional]),
      [['A', false], ['B', false], ['C', true], ['D', false], ['E', false], ['I', false]],
    );
  });

  it('finds assignments, exports, read and for', () => {
    const found = variableAssignments('X=1 cmd; export Y=2 && local -r Z=3\nread -r -p "Q" ANSWER OTHER\nfor item in a; do :; done --flag=no', 'sh');
    assert.deepEqual(found.map((a) => a.name).sort(), ['ANSWER', 'OTHER', 'X', 'Y', 'Z', 'item']);
  });

  it('is linear on a hostile megabyte', () => {
    const big = `$X${'${'.repeat(200_000)}${'$'.repeat(200_000)}${'<<a '.repeat(100_000)}\n${'x $Y\n'.repeat(100_000)}`;
    const refs = variableReferences(big, 'sh');
    assert.equal(refs[0]?.name, 'X');
    assert.equal(refs.filter((r) => r.name === 'Y').length, 100_000);
    assert.ok(variableAssignments('A='.repeat(300_000), 'sh').length > 0);
  });
});

describe('lintRunbook: rules a team keeps on', () => {
  const plainFile = [`# Restart`, `${fence}sh`, 'kubectl -n $NS rollout restart deploy/$APP', 'echo $REGION', fence].join('\n');

  it('gives a file without front matter one note, and everything under policy runbooks.strict', () => {
    assert.deepEqual(codes(plainFile), [['info', 'missing-front-matter', 0]]);
    const strict = codes(plainFile, { today, strict: true }).map(([, code]) => code);
    assert.deepEqual(strict, ['missing-front-matter', 'undeclared-param', 'undeclared-param', 'undeclared-param']);
  });

  it('catches a misspelt fence language, and leaves real languages alone', () => {
    const found = codes(runbook(goodFront, `${fence}shel`, 'ls', fence, `${fence}8sh`, 'ls', fence, `${fence}bsah`, 'ls', fence, `${fence}js`, 'x()', fence, `${fence}csh`, 'ls', fence, `${fence}sh`, 'ls', fence));
    assert.deepEqual(found, [
      ['warning', 'misspelt-language', 6],
      ['warning', 'misspelt-language', 9],
      ['warning', 'misspelt-language', 12],
    ]);
    const message = lintRunbook(parseRunbook(runbook(goodFront, `${fence}shel`, 'ls', fence, `${fence}sh`, 'ls', fence)), { today })[0]?.message ?? '';
    assert.match(message, /did you mean ```shell\?/);
  });

  it('suggests labelling an unlabelled block that looks like commands, not one that is prose or output', () => {
    const found = codes(runbook(goodFront, fence, 'kubectl get pods -n prod', fence, fence, '$ oc get nodes', fence, fence, 'NAME READY STATUS', fence, `${fence}sh`, 'ls', fence));
    assert.deepEqual(found, [
      ['info', 'unlabelled-commands', 6],
      ['info', 'unlabelled-commands', 9],
    ]);
  });

  it('warns about a command written on the fence line', () => {
    const found = codes(runbook(goodFront, `${fence}kubectl get pods`, fence, `${fence}sh`, 'ls', fence));
    assert.ok(found.some(([severity, code, line]) => severity === 'warning' && code === 'command-on-fence-line' && line === 6), JSON.stringify(found));
  });

  it('says a command after the language on the fence line will not run, on that line, with its own rule', () => {
    // As real runbooks have it: the command written where the info string goes, then output or nothing.
    const text = runbook(
      goodFront,
      '## Check the pods',
      '',
      `${fence}sh kubectl get pods -n checkout`,
      fence,
      '',
      '## Probe the health endpoint',
      '',
      `${fence}bash curl -s http://127.0.0.1:8080/healthz | jq .status`,
      fence,
      '',
      '## Restart',
      '',
      `${fence}shell $ systemctl restart checkout`,
      fence,
      '',
      `${fence}bash ./scripts/drain.sh --node ip-10-0-1-12`,
      'echo drained',
      fence,
    );
    const diagnostics = lintRunbook(parseRunbook(text), { today });
    const onFence = diagnostics.filter((d) => d.code === 'command-on-fence-line');
    assert.deepEqual(onFence.map((d) => [d.severity, d.line]), [['warning', 8], ['warning', 13], ['warning', 18], ['warning', 21]]);
    assert.match(onFence[0]?.message ?? '', /'kubectl get pods -n checkout' is on the fence line, where Markdown puts the info string .*; it will not run — move it to the next line\.$/);
    assert.match(onFence[2]?.message ?? '', /'systemctl restart checkout'/);
    // Its own rule instead of, not besides, the note about attribute syntax.
    assert.deepEqual(diagnostics.filter((d) => d.code === 'attribute-syntax'), []);
    // The fence with a command on its line and nothing inside runs nothing: lint says so too.
    assert.ok(diagnostics.some((d) => d.code === 'empty-step' && d.line === 8));
  });

  it('leaves alone what other tools put after the language, attributes in braces, and other languages', () => {
    const text = runbook(
      goodFront,
      `${fence}sh title="restart.sh"`,
      'ls',
      fence,
      `${fence}bash linenums="1"`,
      'ls',
      fence,
      `${fence}sh deploy.sh`,
      'ls',
      fence,
      `${fence}bash script`,
      'ls',
      fence,
      `${fence}sh { name=check-pods }`,
      'kubectl get pods',
      fence,
      `${fence}yaml kubectl`,
      'kind: Pod',
      fence,
    );
    const diagnostics = lintRunbook(parseRunbook(text), { today });
    assert.deepEqual(diagnostics.filter((d) => d.code === 'command-on-fence-line'), []);
    // Text that is not a command keeps the note that attributes go in braces.
    assert.deepEqual(diagnostics.filter((d) => d.code === 'attribute-syntax').map((d) => d.line), [6, 9, 12, 15, 21]);
  });

  it('keeps an unclosed fence an error, strict or not', () => {
    for (const strict of [false, true]) {
      assert.ok(codes(`${fence}sh\nls\n`, { today, strict }).some(([severity, code]) => severity === 'error' && code === 'unclosed-fence'));
    }
  });
});
