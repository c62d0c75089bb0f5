import * as assert from 'node:assert/strict';
import { parse as parseWithYamlPackage } from 'yaml';
import { MAX_DEPTH, readYamlSubset, YamlSubsetError } from '../../../src/core/runbooks/frontMatterYaml';
import { parseRunbook } from '../../../src/core/runbooks/parse';

/** Null-prototype objects → plain ones, so results compare with the yaml package's. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

// Front matter as people write it; the yaml package (YAML 1.2, core schema) is the reference.
const AGREES: string[] = [
  'title: Restart the API\nservices: [checkout-api, "settings web"]\nalerts: []\nowner: sre',
  'params:\n  REGION: { description: "Atlas region", default: us-east-1 }\n  API_KEY: { secret: true }\n  PORT: { default: 27017 }',
  'services:\n  - checkout-api\n  - settings-web\nalerts:\n- HighLatency\n- "Error: budget"',
  'params:\n  REGION:\n    description: where it runs   # a comment\n    default: eu-west-1\n  TOKEN:\n    secret: true\n    default: ""',
  "title: 'it''s quoted'\nowner: \"a \\\"b\\\" \\u00e9 \\t\"\nlast_reviewed: 2026-10-01",
  'description: |\n  line one\n  line two\n\nnext: >-\n  folded\n  text\n\n  para\nkeep: |+\n  kept\n\n',
  'title: a plain value\n  that continues\n  on lines\nn: 0x1F\nf: 1.5e3\nb: True\nz: ~\nempty:',
  'runme:\n  id: 01HF7B0KJPF469EG9ZVSTKGTS0\n  version: v3\nshell: bash\ncwd: ..\nskipPrompts: true',
  'list:\n  - name: a\n    value: 1\n  - - nested\n    - list\n  -\n    deep: yes\nflow: { a: [1, 2, { b: c }], "d e": f, g }',
  'multi: [a,\n  b,\n  c]\nquoted: "one\n  two"\nurl: http://example.com:8080/x#frag\n# only a comment',
  '"quoted key": 1\n\'single key\': 2\nkey with spaces: 3\nk:v: 4',
];

describe('front matter YAML: the one-pass reader', () => {
  it('reads what people write exactly as the yaml package does', () => {
    for (const text of AGREES) {
      assert.deepEqual(plain(readYamlSubset(text).value), parseWithYamlPackage(text, { schema: 'core' }), text);
    }
  });

  it('keeps the line of every key, for diagnostics', () => {
    const { keyLines } = readYamlSubset('title: x\nparams:\n  A: { default: 1 }\n  B:\n    secret: true');
    assert.equal(keyLines.get('title'), 0);
    assert.equal(keyLines.get('params\0A'), 2);
    assert.equal(keyLines.get('params\0A\0default'), 2);
    assert.equal(keyLines.get('params\0B\0secret'), 4);
  });

  it('refuses anchors, aliases, complex keys, directives, duplicate keys and tabs, with the line', () => {
    const refused: [string, number, RegExp][] = [
      ['a: &x 1\nb: *x', 0, /anchors and aliases/],
      ['a: 1\n? complex\n: v', 1, /complex keys/],
      ['%YAML 1.2\na: 1', 0, /directives/],
      ['a: 1\nb: 2\na: 3', 2, /appears twice/],
      ['a: { b: 1, b: 2 }', 0, /appears twice/],
      ['a:\n\tb: 1', 1, /tabs/],
      ['title: Runbook: restart', 0, /quote it/],
      ['services: [a,\nowner: x', 1, /expected , or ]/],
      ['a: "never closed', 0, /never closed/],
      ['a: 1\n   b: 2', 1, /indentation/],
    ];
    for (const [text, line, message] of refused) {
      assert.throws(() => readYamlSubset(text), (e: unknown) => e instanceof YamlSubsetError && e.line === line && message.test(e.message), text);
    }
  });

  it('stops at a fixed depth instead of recursing through a bracket bomb', () => {
    const bomb = `title: ${'['.repeat(3_000_000)}`;
    assert.throws(() => readYamlSubset(bomb), (e: unknown) => e instanceof YamlSubsetError && e.message.includes(`${MAX_DEPTH} levels`));
    const blocks = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    assert.throws(() => readYamlSubset(blocks), /levels/);
    assert.ok(readYamlSubset(`a: ${'['.repeat(MAX_DEPTH - 2)}${']'.repeat(MAX_DEPTH - 2)}`).value);
  });

  it('keeps __proto__ a key, never a prototype', () => {
    const value = readYamlSubset('__proto__: { polluted: true }\nx: { __proto__: 1 }').value as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(value), ['__proto__', 'x']);
  });

  it('turns a bracket bomb in a runbook into one front-matter error and still reads the steps', () => {
    const parsed = parseRunbook(`---\ntitle: ${'['.repeat(100_000)}\n---\n\`\`\`sh\necho ok\n\`\`\`\n`);
    assert.equal(parsed.frontMatter, undefined);
    assert.deepEqual(parsed.diagnostics.map((d) => [d.code, d.line]), [['front-matter-yaml', 1]]);
    assert.equal(parsed.steps[0]?.commands, 'echo ok');
  });

  it('reads 20,000 params in one pass', () => {
    const lines = ['---', 'title: many', 'params:'];
    for (let i = 0; i < 20_000; i++) lines.push(`  P${i}: { description: "param ${i}", default: v${i} }`);
    lines.push('---');
    const parsed = parseRunbook(lines.join('\n'));
    assert.equal(Object.keys(parsed.frontMatter?.params ?? {}).length, 20_000);
    assert.deepEqual(parsed.frontMatter?.params.P19999, { description: 'param 19999', default: 'v19999', secret: false });
  });
});
