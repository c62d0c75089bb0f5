import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { InsightsComputer } from '../../../src/app/insights/node/computeOffThread';
import { computeInsights } from '../../../src/core/insights/computeInsights';
import { insightsHtml } from '../../../src/editor/insights/insightsHtml';
import { isWebviewMessage } from '../../../src/editor/insights/protocol';
import { incident, input } from './fixtures';

const WORKER = path.resolve(__dirname, '../../../../dist/insights-worker.js');

describe('insights webview: page, protocol and worker', () => {
  it('serves a page under default-src none, with only the nonce script and local resources', () => {
    const html = insightsHtml({ cspSource: 'https://file+.vscode-resource.example', nonce: 'abc123', scriptUri: 'https://x/insights-webview.js?a="b"', styleUri: 'https://x/insights.css' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!file\+)/);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.deepEqual(scripts, ['<script nonce="abc123" src="https://x/insights-webview.js?a=&quot;b&quot;">']);
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/, 'no inline script');
    assert.doesNotMatch(html, / on[a-z]+=/, 'no inline handlers');
  });

  it('accepts only messages of the protocol', () => {
    assert.equal(isWebviewMessage({ type: 'ready' }), true);
    assert.equal(isWebviewMessage({ type: 'open', key: 'severity:1' }), true);
    assert.equal(isWebviewMessage({ type: 'filter', filters: { rangeDays: 90, service: 'api', severity: '1' } }), true);
    assert.equal(isWebviewMessage({ type: 'filter', filters: { rangeDays: 7, service: '', severity: '' } }), false);
    assert.equal(isWebviewMessage({ type: 'filter', filters: { rangeDays: 90, service: '', severity: '9' } }), false);
    assert.equal(isWebviewMessage({ type: 'open', key: 42 }), false);
    assert.equal(isWebviewMessage({ type: 'eval', code: 'x' }), false);
    assert.equal(isWebviewMessage(null), false);
  });

  it('computes on the worker thread exactly what the pure function computes, filters applied', async () => {
    const computer = new InsightsComputer(WORKER);
    try {
      const data = input({
        incidents: [
          incident('INC-1', '2026-11-02T10:00:00Z', { severity: 1, services: ['api'], checkInS: 60, title: '<img src=x onerror=alert(1)>' }),
          incident('INC-2', '2026-11-03T10:00:00Z', { severity: 2, services: ['db'], resolveS: 600 }),
        ],
      });
      const all = await computer.compute(data);
      assert.deepEqual(all, computeInsights(data));
      assert.equal(all.report.incidents.total, 2);
      assert.equal(all.titles['INC-1'], '<img src=x onerror=alert(1)>');
      const filtered = await computer.compute({ ...data, filter: { service: 'db' } });
      assert.equal(filtered.report.incidents.total, 1);
      assert.deepEqual(filtered.services, ['api', 'db'], 'the filter lists every service of the window');
      const bySeverity = await computer.compute({ ...data, filter: { severity: 1 } });
      assert.deepEqual(Object.keys(bySeverity.titles), ['INC-1']);
    } finally {
      computer.dispose();
    }
  });
});
