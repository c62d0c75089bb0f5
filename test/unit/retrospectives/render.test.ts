import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import {
  SECTIONS,
  TIMELINE_END,
  TIMELINE_START,
  buildFrontMatter,
  findTimelineBlock,
  hasErrors,
  parseRetrospective,
  promptLine,
  renderRetrospective,
  syncFrontMatter,
  timeToActionSeconds,
} from '../../../src/core/retrospectives';
import { NOW, resolvedIncident, restartRecord } from './fixtures';

describe('retrospectives: render and parse', () => {
  const commit = { sha: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2', at: '2026-11-01T10:40:00Z', author: 'dave', subject: 'Raise pool size' };

  it('round-trips: the rendered file parses back to the incident data, all sections, no errors', () => {
    const incident = resolvedIncident();
    const markdown = renderRetrospective({ incident, executions: [restartRecord()], commits: [commit] }, NOW);
    const parsed = parseRetrospective(markdown);

    assert.equal(hasErrors(parsed), false, JSON.stringify(parsed.diagnostics));
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.frontMatter, buildFrontMatter(incident));
    assert.deepEqual(parsed.sections.map((s) => s.spec.title), SECTIONS.map((s) => s.title));
    assert.deepEqual(parsed.followUps, []);
    assert.equal(parsed.sections.find((s) => s.spec.key === 'summary')?.text, 'Replica lag made checkout slow.');
  });

  it('writes the front matter keys exactly in the documented order, with computed durations', () => {
    const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [], commits: [] }, NOW);
    const yamlText = markdown.split('\n---\n')[0]?.replace(/^---\n/, '') ?? '';
    const data = parseYaml(yamlText) as Record<string, unknown>;
    assert.deepEqual(Object.keys(data), [
      'id', 'title', 'severity', 'status', 'services', 'customers', 'tags', 'declared_at', 'acknowledged_at',
      'resolved_at', 'time_to_action_s', 'duration_s', 'roles', 'contributing_factors', 'follow_ups', 'trigger_commits', 'fix_commits',
    ]);
    assert.equal(data.status, 'draft');
    // First check-in 4 minutes after declaration (it beats the 6-minute acknowledgement).
    assert.equal(data.time_to_action_s, 240);
    assert.equal(data.duration_s, 90 * 60);
    assert.deepEqual(data.roles, { commander: 'alice', technical: 'bob', smes: ['carol'] });
    assert.deepEqual(data.contributing_factors, []);
    assert.deepEqual(data.follow_ups, []);
    assert.match(markdown, /^services: \[ checkout, payments \]$/m);
  });

  it('falls back to the acknowledgement for time to action, and to null when neither exists', () => {
    const incident = resolvedIncident();
    const noCheckIn = { ...incident, timeline: incident.timeline.filter((e) => e.type !== 'check_in') };
    assert.equal(timeToActionSeconds(noCheckIn), 360);
    assert.equal(timeToActionSeconds({ ...noCheckIn, acknowledgedAt: undefined }), null);
    const open = buildFrontMatter({ ...incident, resolvedAt: undefined, status: 'monitoring' });
    assert.equal(open.duration_s, null);
    assert.equal(open.resolved_at, null);
  });

  it('puts the sections in the documented order, each with a blameless one-line prompt', () => {
    const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [], commits: [] }, NOW);
    const headings = markdown.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    assert.deepEqual(headings, [
      'Summary', 'Customer impact', 'Follow-up actions', 'Contributing factors', 'Narrative', 'Timeline',
      'Technical analysis', 'Incident management process analysis',
    ]);
    for (const section of SECTIONS) {
      assert.ok(markdown.includes(`\n${promptLine(section)}\n`), `prompt of ${section.title}`);
      assert.doesNotMatch(section.prompt, /root cause|blame|fault|human error|\n/i, section.title);
    }
  });

  it('untouched prompts are not part of a section text; edited text is', () => {
    const markdown = renderRetrospective({ incident: resolvedIncident({ summary: '' }), executions: [], commits: [] }, NOW);
    const edited = markdown.replace('## Narrative\n\n', '## Narrative\n\nBob saw the lag first.\n');
    const parsed = parseRetrospective(edited);
    assert.equal(parsed.sections.find((s) => s.spec.key === 'summary')?.text, '');
    assert.equal(parsed.sections.find((s) => s.spec.key === 'narrative')?.text, 'Bob saw the lag first.');
  });

  it('remote text cannot inject markdown structure, HTML or marker lines', () => {
    const hostile = 'x\n## Injected heading\n<script>alert(1)</script>\n' + TIMELINE_END + '\n| a | b |\n[click](javascript:alert(1))';
    const incident = resolvedIncident({ title: `Oops ${hostile}`, summary: hostile });
    incident.timeline.push({ id: 'e9', incidentId: 'INC-42', at: '2026-11-01T10:30:00Z', author: '<img src=x>', type: 'note', text: hostile });
    const markdown = renderRetrospective({ incident, executions: [restartRecord({ command: '```\n# not a heading\n' + TIMELINE_START })], commits: [] }, NOW);

    const lines = markdown.split('\n');
    assert.equal(lines.filter((l) => l.trim() === TIMELINE_START).length, 1);
    assert.equal(lines.filter((l) => l.trim() === TIMELINE_END).length, 1);
    assert.ok(!('problem' in findTimelineBlock(lines)));
    // GitHub shows front matter as a table of values, not as markdown: render only the body.
    const body = markdown.slice(markdown.indexOf('\n---\n', 4) + 5);
    const html = new MarkdownIt({ html: true }).render(body);
    assert.doesNotMatch(html, /<script|<img|<table|href="javascript/i);
    const h2 = [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);
    assert.deepEqual(h2, SECTIONS.map((s) => s.title));
    assert.equal([...html.matchAll(/<h1>/g)].length, 1);
    // The title is still readable, and the YAML still holds it as one line of text.
    const parsed = parseRetrospective(markdown);
    assert.equal(hasErrors(parsed), false, JSON.stringify(parsed.diagnostics));
    assert.match(parsed.frontMatter?.title ?? '', /^Oops x ## Injected heading <script>/);
  });

  it('syncs the task list into the front matter and keeps comments and other keys', () => {
    const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [], commits: [] }, NOW)
      .replace('contributing_factors: []', 'contributing_factors: [ cache stampede ] # reviewed by carol')
      .replace('## Contributing factors', '- [ ] Alert on replica lag > 10 s — @alice, due 2026-12-05\n- [x] Document failover — Platform team, due 2026-12-01 (#7)\n\n## Contributing factors');
    const { markdown: synced, diagnostics } = syncFrontMatter(markdown, { status: 'in-review' });
    assert.deepEqual(diagnostics, []);
    const parsed = parseRetrospective(synced);
    assert.equal(parsed.frontMatter?.status, 'in-review');
    assert.deepEqual(parsed.frontMatter?.contributing_factors, ['cache stampede']);
    assert.deepEqual(parsed.frontMatter?.follow_ups, [
      { title: 'Alert on replica lag > 10 s', owner: '@alice', due: '2026-12-05', issue: null },
      { title: 'Document failover', owner: 'Platform team', due: '2026-12-01', issue: 7 },
    ]);
    assert.match(synced, /# reviewed by carol/);
    // Only the front matter changed: the body is byte for byte the same.
    assert.equal(synced.slice(synced.indexOf('\n# Retrospective')), markdown.slice(markdown.indexOf('\n# Retrospective')));
  });

  it('reports bad front matter as diagnostics with line numbers instead of throwing', () => {
    const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [], commits: [] }, NOW).replace('severity: 1', 'severity: eleven');
    const parsed = parseRetrospective(markdown);
    const problem = parsed.diagnostics.find((d) => d.message.includes("'severity'"));
    assert.ok(problem);
    assert.equal(markdown.split('\n')[problem.line - 1], 'severity: eleven');
    assert.deepEqual(parseRetrospective('# no front matter\n').diagnostics[0]?.line, 1);
  });
});
