import * as assert from 'node:assert/strict';
import { parsePolicyFile } from '../../../src/core/policy/policyFile';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_TEAM_POLICY as DEFAULT_POLICY, POLICY_SECTIONS } from '../../../src/core/policy/schema';

describe('policy file', () => {
  it('overrides only what the file sets and keeps the default elsewhere', () => {
    const result = parsePolicyFile(['severities:', '  2:', '    required_roles: [commander]', '    update_every: 30m', 'runbook_review_interval_days: 30', ''].join('\n'));
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.fromFile, true);
    assert.deepEqual(result.policy.levels[2].requiredRoles, ['commander']);
    assert.equal(result.policy.levels[2].updateEveryMs, 30 * 60_000);
    assert.equal(result.policy.levels[2].trigger, DEFAULT_POLICY.levels[2].trigger);
    assert.equal(result.policy.runbookReviewIntervalDays, 30);
    assert.deepEqual(result.policy.levels[0], DEFAULT_POLICY.levels[0]);
  });

  it('reports mistakes with their line numbers and falls back to the default', () => {
    const text = ['severities:', '  1:', '    consult_sme_after: soon', '  7:', '    name: Apocalypse', '    required_roles: [commander, janitor]', ''].join('\n');
    const result = parsePolicyFile(text);
    assert.equal(result.fromFile, false);
    assert.equal(result.policy, DEFAULT_POLICY);
    const byLine = result.diagnostics.map((d) => [d.line, d.severity, d.message.split(':')[0]]);
    assert.deepEqual(byLine, [
      [2, 'error', 'severities.1.consult_sme_after'],
      [3, 'error', 'severities'],
    ]);
  });

  it('flags an unknown role on its own line', () => {
    const result = parsePolicyFile(['severities:', '  0:', '    required_roles:', '      - commander', '      - janitor', ''].join('\n'));
    assert.deepEqual(result.diagnostics.map((d) => [d.line, d.severity]), [[4, 'error']]);
    assert.match(result.diagnostics[0]?.message ?? '', /janitor/);
  });

  it('turns broken YAML into a diagnostic instead of throwing', () => {
    const result = parsePolicyFile('severities:\n  0: {name: "unterminated\n');
    assert.equal(result.fromFile, false);
    assert.ok(result.diagnostics.length > 0);
    assert.ok(result.diagnostics.every((d) => d.line >= 0));
    assert.match(result.diagnostics[0]?.message ?? '', /^YAML:/);
  });

  it('warns about unknown keys without rejecting the file', () => {
    const result = parsePolicyFile('severites:\n  0: {}\n');
    assert.equal(result.fromFile, true);
    assert.deepEqual(result.diagnostics.map((d) => [d.line, d.severity]), [[0, 'warning']]);
  });

  it('refuses custom tags', () => {
    const result = parsePolicyFile('severities: !!js/function "function () {}"\n');
    assert.equal(result.fromFile, false);
    assert.ok(result.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning'));
  });

  it('accepts an empty file as the default policy', () => {
    const result = parsePolicyFile('');
    assert.equal(result.fromFile, true);
    assert.deepEqual(result.policy, DEFAULT_POLICY);
  });

  it('reads runbooks.strict and keeps the default when it is absent', () => {
    assert.equal(parsePolicyFile('severities: {}\n').policy.runbooks.strict, false);
    const strict = parsePolicyFile('runbooks:\n  strict: true\n');
    assert.deepEqual(strict.diagnostics, []);
    assert.equal(strict.policy.runbooks.strict, true);
  });

  it('refuses a runbooks.strict that is not a boolean, on its line', () => {
    const result = parsePolicyFile('runbook_review_interval_days: 30\nrunbooks:\n  strict: "yes"\n');
    assert.equal(result.fromFile, false);
    assert.deepEqual(result.diagnostics.map((d) => [d.line, d.severity, d.message.split(':')[0]]), [[2, 'error', 'runbooks.strict']]);
  });

  it('names every known top-level key in the unknown-key warning', () => {
    const [warning] = parsePolicyFile('insightz: {}\n').diagnostics;
    for (const key of Object.keys(POLICY_SECTIONS)) assert.ok(warning?.message.includes(key), `${key} missing from: ${warning?.message}`);
  });

  it('does not treat inherited object keys as sections', () => {
    const result = parsePolicyFile('constructor: 1\ntoString: 2\n');
    assert.equal(result.fromFile, true);
    assert.deepEqual(result.diagnostics.map((d) => d.severity), ['warning', 'warning']);
  });

  it("documents every section in README's Policy file table", () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('### Policy file'));
    assert.ok(table.length < readme.length, 'README has a "### Policy file" section');
    for (const key of Object.keys(POLICY_SECTIONS)) assert.match(table, new RegExp(`\\| \`${key}\` \\|`), `README documents ${key}`);
  });
});
