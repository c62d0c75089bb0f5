import * as assert from 'node:assert/strict';
import type { IncidentAlert, IncidentWithTimeline } from '../../../src/core/incidents/model';
import { renderIncidentMarkdown } from '../../../src/core/incidents/renderIncident';
import { IncidentBuilder } from '../../support/builders';

const now = new Date('2026-11-21T12:00:00.000Z');

const alert = (overrides: Partial<IncidentAlert>): IncidentAlert => ({
  fingerprint: 'f1',
  name: 'CheckoutErrorRateHigh',
  status: 'firing',
  labels: { alertname: 'CheckoutErrorRateHigh', severity: 'page', region: 'eu-west-1' },
  annotations: { summary: '5xx above 5% for 10m' },
  startsAt: '2026-11-21T11:48:00.000Z',
  ...overrides,
});

function withAlerts(alerts: IncidentAlert[]): IncidentWithTimeline {
  return { ...new IncidentBuilder().id('INC-7').build(), alerts, alertGroup: { source: 'alertmanager', groupKey: '{}:{team="checkout"}' }, timeline: [] };
}

describe('the incident document', () => {
  it('lists an alert-opened incident’s alerts, firing first, with state, labels, summary and links', () => {
    const text = renderIncidentMarkdown(
      withAlerts([
        alert({ fingerprint: 'old', name: 'LatencyHigh', status: 'resolved', startsAt: '2026-11-21T11:00:00.000Z', endsAt: '2026-11-21T11:30:00.000Z', labels: { alertname: 'LatencyHigh' }, annotations: {} }),
        alert({ runbookUrl: 'https://runbooks.example/checkout', generatorUrl: 'http://prometheus:9090/graph?g0.expr=x' }),
      ]),
      now,
    );
    const section = text.slice(text.indexOf('## Alerts'), text.indexOf('## Roles'));
    assert.match(section, /Opened by Alertmanager alert group/);
    const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Alert') && !line.startsWith('| ---'));
    assert.equal(rows.length, 2);
    assert.match(rows[0] ?? '', /^\| CheckoutErrorRateHigh \| firing · 12m · region=eu\\-west\\-1 \| 5xx above 5% for 10m; region=eu\\-west\\-1 \| runbook https:\/\/runbooks\\\.example\/checkout; source http:\/\/prometheus:9090/);
    assert.match(rows[1] ?? '', /^\| LatencyHigh \| resolved · lasted 30m \|/);
  });

  it('keeps a monitor’s text as text: no HTML, no table breakout, no command links', () => {
    const text = renderIncidentMarkdown(
      withAlerts([alert({ name: '<img src=x onerror=alert(1)>', annotations: { summary: 'a | b\n## injected' }, runbookUrl: 'command:workbench.action.files.delete' })]),
      now,
    );
    const section = text.slice(text.indexOf('## Alerts'), text.indexOf('## Roles'));
    assert.ok(!section.includes('<img'), section);
    assert.ok(section.includes('&lt;img'), section);
    assert.ok(!/\n## injected/.test(section), 'a newline in a summary starts no heading');
    assert.ok(section.includes('a \\| b'), 'a pipe cannot end the cell');
    assert.ok(!section.includes('command:'), 'only web links are kept');
  });

  it('has no Alerts section for an incident a person declared', () => {
    const incident: IncidentWithTimeline = { ...new IncidentBuilder().build(), timeline: [] };
    assert.ok(!renderIncidentMarkdown(incident, now).includes('## Alerts'));
  });
});
