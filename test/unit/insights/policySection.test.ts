import * as assert from 'node:assert/strict';
import { parsePolicyFile } from '../../../src/core/policy/policyFile';
import { DEFAULT_TEAM_POLICY } from '../../../src/core/policy/schema';

describe('policy file: insights section', () => {
  it('reads the time zone, working hours and deploy tag glob', () => {
    const result = parsePolicyFile(['insights:', '  timezone: America/New_York', '  working_hours: "08:30-17:00"', '  deploy_tags: release-*', ''].join('\n'));
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.policy.insights, { timezone: 'America/New_York', workingHours: '08:30-17:00', working: { startMinute: 510, endMinute: 1020 }, deployTags: 'release-*' });
  });

  it('defaults to UTC, 09:00-18:00 and v* when the file has no insights', () => {
    const result = parsePolicyFile('runbook_review_interval_days: 30\n');
    assert.deepEqual(result.policy.insights, DEFAULT_TEAM_POLICY.insights);
    assert.equal(result.policy.insights.timezone, 'UTC');
    assert.equal(result.policy.insights.deployTags, 'v*');
  });

  it('reports an unknown time zone and bad hours on their lines, and the default applies', () => {
    const text = ['severities:', '  1:', '    name: Major', 'insights:', '  timezone: Europe/Atlantis', '  working_hours: 18:00-09:00', '  shifts: 3', ''].join('\n');
    const result = parsePolicyFile(text);
    assert.equal(result.fromFile, false);
    const byLine = result.diagnostics.map((d) => [d.line, d.severity, d.message.split(':')[0]]).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(byLine, [
      [4, 'error', 'insights.timezone'],
      [5, 'error', 'insights.working_hours'],
      [6, 'warning', 'insights'],
    ]);
    assert.match(result.diagnostics.find((d) => d.line === 4)?.message ?? '', /Europe\/Atlantis.*IANA/);
    assert.equal(result.policy.insights.timezone, 'UTC');
  });

  it('refuses an insights value that is not a mapping', () => {
    const result = parsePolicyFile('insights: Europe/Berlin\n');
    assert.equal(result.fromFile, false);
    assert.equal(result.diagnostics[0]?.line, 0);
  });
});
