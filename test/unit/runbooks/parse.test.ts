import * as assert from 'node:assert/strict';
import { findStep, parseRunbook, stepAtLine } from '../../../src/core/runbooks/parse';
import { slugify } from '../../../src/core/runbooks/stepNames';

const fence = '```';

function doc(...lines: string[]): string {
  return lines.join('\n');
}

describe('parseRunbook: ordinary runbooks', () => {
  const text = doc(
    '---',
    'title: Create a new MongoDB Atlas cluster',
    'services: [orders-db]',
    'alerts: [MongoClusterDown]',
    'owner: platform-team',
    'last_reviewed: 2026-10-01',
    'params:',
    '  REGION: { description: "Atlas region", default: us-east-1 }',
    '  API_KEY: { description: "Atlas API key", secret: true }',
    '  PORT: { default: 27017 }',
    '---',
    '# Create a cluster',
    '',
    '## 3. Run the script',
    `${fence}sh { name=apply confirm=true timeout=600 }`,
    './terraform_workflow.sh --region "$REGION"',
    fence,
    '',
    '## Check it',
    `${fence}json`,
    '{ "not": "run" }',
    fence,
  );
  const parsed = parseRunbook(text);

  it('reads the front matter fields', () => {
    assert.deepEqual(parsed.frontMatter, {
      title: 'Create a new MongoDB Atlas cluster',
      services: ['orders-db'],
      alerts: ['MongoClusterDown'],
      owner: 'platform-team',
      lastReviewed: '2026-10-01',
      params: {
        REGION: { description: 'Atlas region', default: 'us-east-1', secret: false },
        API_KEY: { description: 'Atlas API key', secret: true },
        PORT: { default: '27017', secret: false },
      },
    });
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('turns each fence into a step with heading path, attributes, body and 0-based range', () => {
    assert.equal(parsed.steps.length, 2);
    const [apply, json] = parsed.steps;
    assert.ok(apply && json);
    assert.equal(apply.index, 0);
    assert.equal(apply.name, 'apply');
    assert.deepEqual(apply.headingPath, ['Create a cluster', '3. Run the script']);
    assert.equal(apply.language, 'sh');
    assert.equal(apply.runnable, true);
    assert.deepEqual(apply.attributes, { name: 'apply', confirm: true, timeout: 600, unknown: {} });
    assert.equal(apply.body, './terraform_workflow.sh --region "$REGION"\n');
    assert.equal(apply.commands, './terraform_workflow.sh --region "$REGION"');
    assert.deepEqual(apply.range, { startLine: 14, endLine: 16 });
    assert.equal(apply.closed, true);

    assert.equal(json.name, 'check-it');
    assert.equal(json.runnable, false);
    assert.equal(json.commands, '');
    assert.deepEqual(json.range, { startLine: 19, endLine: 21 });
  });

  it('finds steps by name and by line', () => {
    assert.equal(findStep(parsed, 'apply')?.index, 0);
    assert.equal(findStep(parsed, 'nope'), undefined);
    assert.equal(stepAtLine(parsed, 15)?.name, 'apply');
    assert.equal(stepAtLine(parsed, 21)?.name, 'check-it');
    assert.equal(stepAtLine(parsed, 17), undefined);
  });

  it('treats every shell language as runnable and strips console prompts and output', () => {
    const langs = ['sh', 'bash', 'zsh', 'shell', 'pwsh', 'powershell', 'BASH', 'python', 'text', ''];
    const many = parseRunbook(langs.map((l) => `${fence}${l}\necho ${l || 'none'}\n${fence}\n`).join('\n'));
    assert.deepEqual(
      many.steps.map((s) => [s.language, s.runnable]),
      langs.map((l) => [l.toLowerCase(), ['sh', 'bash', 'zsh', 'shell', 'pwsh', 'powershell'].includes(l.toLowerCase())]),
    );
    const consoleStep = parseRunbook(
      doc(`${fence}console`, '$ kubectl get pods \\', '>   -n prod', 'NAME   READY', 'api-1  1/1', '$ echo done', 'done', fence),
    ).steps[0];
    assert.equal(consoleStep?.commands, 'kubectl get pods \\\n  -n prod\necho done');
  });

  it('names steps from the nearest heading, unique, and never lets a slug take an explicit name', () => {
    const parsed2 = parseRunbook(
      doc(
        '# Checks',
        `${fence}sh`, 'a', fence,
        `${fence}sh`, 'b', fence,
        '## Step 2: Roll *back* `now`',
        `${fence}sh`, 'c', fence,
        `${fence}sh { name=checks-2 }`, 'd', fence,
        `${fence}sh { name=checks-2 }`, 'e', fence,
      ),
    );
    assert.deepEqual(
      parsed2.steps.map((s) => s.name),
      ['checks', 'checks-3', 'roll-back-now', 'checks-2', 'checks-2-2'],
    );
    assert.ok(parsed2.diagnostics.some((d) => d.code === 'duplicate-step-name' && d.line === 14));
    assert.equal(parseRunbook(`${fence}sh\nls\n${fence}`).steps[0]?.name, 'step-1');
    assert.equal(slugify('3. Run the script'), 'run-the-script');
    assert.equal(slugify('Étape: vérifier'), 'etape-verifier');
  });

  it('reads quoted and JSON-style attribute values', () => {
    const parsed3 = parseRunbook(
      doc(
        `${fence}bash { name="scale up" cwd='../terraform' interactive=false excludeFromRunAll=true timeout=1h30m owner=sre }`,
        'ls',
        fence,
        `${fence}sh {"name":"x \\"y\\"","confirm":true,"timeout":"90s"}`,
        'ls',
        fence,
      ),
    );
    assert.deepEqual(parsed3.steps[0]?.attributes, {
      name: 'scale up',
      cwd: '../terraform',
      interactive: false,
      excludeFromRunAll: true,
      timeout: 5400,
      unknown: { owner: 'sre' },
    });
    assert.deepEqual(parsed3.steps[1]?.attributes, { name: 'x "y"', confirm: true, timeout: 90, unknown: {} });
    assert.deepEqual(parsed3.diagnostics, []);
  });
});

describe('parseRunbook: odd input', () => {
  it('tolerates a BOM and CRLF line endings with the same lines as LF', () => {
    const lf = doc('---', 'title: T', 'services: [a]', '---', '## Go', `${fence}sh`, 'echo hi', fence, '');
    const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
    const a = parseRunbook(lf);
    const b = parseRunbook(crlf);
    assert.deepEqual(b, a);
    assert.equal(b.frontMatter?.title, 'T');
    assert.equal(b.steps[0]?.commands, 'echo hi');
    assert.deepEqual(b.steps[0]?.range, { startLine: 5, endLine: 7 });
  });

  it('reports an unclosed fence as an error with its extent', () => {
    const parsed = parseRunbook(doc('# A', `${fence}sh`, 'echo one', '## B', 'text'));
    assert.equal(parsed.steps.length, 1);
    assert.equal(parsed.steps[0]?.closed, false);
    assert.equal(parsed.steps[0]?.commands, 'echo one\n## B\ntext');
    const d = parsed.diagnostics.find((x) => x.code === 'unclosed-fence');
    assert.deepEqual([d?.severity, d?.line, d?.endLine], ['error', 1, 4]);
    const atEnd = parseRunbook(`text\n${fence}sh`);
    assert.equal(atEnd.steps[0]?.closed, false);
    assert.ok(atEnd.diagnostics.some((x) => x.code === 'unclosed-fence'));
  });

  it('does not call a longer or different closing marker a close, nor a fence with a shorter one', () => {
    const parsed = parseRunbook(doc('````sh', 'echo a', '```', '````', '~~~bash', 'echo b', '~~~~'));
    assert.deepEqual(parsed.steps.map((s) => [s.commands, s.closed]), [['echo a\n```', true], ['echo b', true]]);
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('finds fences inside nested lists and block quotes, with their lines', () => {
    const parsed = parseRunbook(
      doc(
        '1. First',
        '   - Nested',
        '     ```sh { name=nested }',
        '     echo nested',
        '     ```',
        '2. Second',
        '',
        '> ```bash',
        '> echo quoted',
        '> ```',
        '- item',
        '  ```sh',
        '  unclosed in list',
        'para',
      ),
    );
    assert.deepEqual(
      parsed.steps.map((s) => [s.name, s.commands, s.range.startLine, s.range.endLine, s.closed]),
      [
        ['nested', 'echo nested', 2, 4, true],
        ['step-2', 'echo quoted', 7, 9, true],
        ['step-3', 'unclosed in list', 11, 12, false],
      ],
    );
  });

  it('hides fences inside HTML comments, as rendering does', () => {
    const parsed = parseRunbook(doc('<!--', `${fence}sh`, 'rm -rf /', fence, '-->', `${fence}sh`, 'echo visible', fence));
    assert.deepEqual(parsed.steps.map((s) => s.commands), ['echo visible']);
  });

  it('handles a file with no steps, an empty file and a lone ---', () => {
    assert.deepEqual(parseRunbook(''), { frontMatter: undefined, steps: [], diagnostics: [] });
    const rule = parseRunbook('---\n\ntext only');
    assert.equal(rule.frontMatter, undefined);
    assert.equal(rule.diagnostics[0]?.code, 'front-matter-unclosed');
  });

  it('parses a 1 MB line without trouble and keeps it intact', () => {
    const long = 'x'.repeat(1024 * 1024);
    const parsed = parseRunbook(doc('# Big', `${fence}sh`, `echo ${long}`, fence, long, `${fence}sh { name=${long} }`, 'ls', fence));
    assert.equal(parsed.steps.length, 2);
    assert.equal(parsed.steps[0]?.commands.length, long.length + 5);
    assert.equal(parsed.steps[1]?.name, long);
  });
});

describe('parseRunbook: hostile input', () => {
  it('rejects ---js and ---javascript front matter without evaluating it, and never runs it as steps', () => {
    for (const language of ['js', 'javascript', 'coffee']) {
      const parsed = parseRunbook(
        doc(`---${language}`, '{ title: require("child_process").execSync("touch /tmp/pwned") }', `${fence}sh`, 'echo hidden', fence, '---', `${fence}sh`, 'echo ok', fence),
      );
      assert.equal(parsed.frontMatter, undefined);
      const d = parsed.diagnostics.find((x) => x.code === 'front-matter-language');
      assert.equal(d?.severity, 'error');
      assert.match(d?.message ?? '', /never evaluated/);
      assert.deepEqual(parsed.steps.map((s) => s.commands), ['echo ok']);
      assert.equal(parsed.steps[0]?.range.startLine, 6);
    }
  });

  it('rejects custom YAML tags, with the line number', () => {
    const parsed = parseRunbook(doc('---', 'title: ok', 'services: !!js/function "function () { return 1 }"', 'owner: !ruby/object x', '---'));
    assert.equal(parsed.frontMatter, undefined);
    const tags = parsed.diagnostics.filter((d) => d.code === 'front-matter-tag');
    assert.deepEqual(tags.map((d) => [d.severity, d.line]), [['error', 2], ['error', 3]]);
  });

  it('reports YAML syntax errors and wrong field types at their lines', () => {
    const broken = parseRunbook(doc('---', 'title: ok', 'services: [a,', 'owner: x', '---'));
    assert.ok(broken.diagnostics.some((d) => d.code === 'front-matter-yaml' && d.severity === 'error' && d.line >= 2));
    const wrong = parseRunbook(
      doc('---', 'title: [1]', 'services: 7', 'last_reviewed: 2026-02-30', 'colour: blue', 'params:', '  1BAD: {}', '  OK: { secret: "yes", extra: 1 }', '---'),
    );
    const found = wrong.diagnostics.map((d) => [d.code, d.line]);
    assert.deepEqual(found, [
      ['front-matter-invalid', 1],
      ['front-matter-invalid', 2],
      ['front-matter-invalid', 3],
      ['front-matter-unknown-key', 4],
      ['param-name', 6],
      ['param-unknown-key', 7],
      ['param-invalid', 7],
    ]);
    assert.deepEqual(wrong.frontMatter?.params, { OK: { secret: false } });
  });

  it('keeps alias expansion bounded (billion laughs)', () => {
    const lines = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('---');
    const parsed = parseRunbook(lines.join('\n'));
    assert.equal(parsed.frontMatter, undefined);
    assert.ok(parsed.diagnostics.some((d) => d.severity === 'error'));
  });

  it('keeps attribute injection attempts as plain data and still honours a later confirm', () => {
    const parsed = parseRunbook(
      doc(
        `${fence}sh { name=$(rm -rf /) cwd=../../.. confirm=true }`,
        'echo hi',
        fence,
        // Backticks are not allowed in a ``` info string (CommonMark), so this uses ~~~.
        `~~~sh { name="\`touch /tmp/x\`; $(id)" confirm=false confirm=true }`,
        'echo hi',
        '~~~',
        `${fence}sh { cwd="a\\u0000b" __proto__=evil confirm=yes }`,
        'echo hi',
        fence,
      ),
    );
    const [first, second, third] = parsed.steps;
    assert.equal(first?.attributes.name, '$(rm');
    assert.equal(first?.attributes.cwd, '../../..');
    assert.equal(first?.attributes.confirm, true);
    assert.equal(first?.commands, 'echo hi');
    assert.equal(second?.attributes.name, '`touch /tmp/x`; $(id)');
    assert.equal(second?.attributes.confirm, true, 'a later or earlier confirm=false cannot undo confirm=true');
    assert.equal(third?.attributes.cwd, undefined);
    assert.equal(third?.attributes.confirm, true, 'an unreadable confirm value fails safe');
    assert.equal(Object.getPrototypeOf(third?.attributes.unknown), Object.prototype);
    assert.equal(third?.attributes.unknown['__proto__'], 'evil');
    assert.ok(parsed.diagnostics.filter((d) => d.code.startsWith('attribute-')).length >= 3);
  });

  it('survives megabytes of fences and garbage attributes in bounded time and output', () => {
    const many = `${fence}sh { ${'- '.repeat(50_000)} }\nls\n${fence}\n`.repeat(3) + `${fence}\n${fence}\n`.repeat(100_000);
    const parsed = parseRunbook(many);
    assert.equal(parsed.steps.length, 100_003);
    assert.ok(parsed.diagnostics.length < 60, `got ${parsed.diagnostics.length} diagnostics`);
    assert.equal(new Set(parsed.steps.map((s) => s.name)).size, parsed.steps.length);
  });
});
