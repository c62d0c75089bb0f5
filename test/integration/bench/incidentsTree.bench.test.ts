import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Incident, Severity } from '../../../src/core/incidents/model';
import { DEFAULT_POLICY } from '../../../src/core/incidents/policy';
import type { IncidentsModel } from '../../../src/editor/incidents/incidentsModel';
import { IncidentsTreeProvider } from '../../../src/editor/incidents/incidentsTreeProvider';
import type { IncidentTreeNode } from '../../../src/editor/incidents/treeNodes';
import { extensionApi } from '../support/extension';
import { api, eventually, serverToken, serverUrl } from '../support/server';
import { percentile } from '../../bench/figures';

/** Figures, never pass/fail: printed and written to bench-results/incidents-tree.json. */
const figures: Record<string, number> = {};

describe('bench: incidents tree', function () {
  this.timeout(300_000);

  after(() => {
    const lines = Object.entries(figures).map(([name, value]) => `  ${name.padEnd(48)} ${value.toFixed(2)}`);
    console.log(['', 'Incidents tree (inside VS Code)', ...lines].join('\n'));
    const out = process.env.INCIDENT_DESK_BENCH_DIR;
    if (out) {
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, 'incidents-tree.json'), JSON.stringify(figures, null, 2));
    }
  });

  it('server write → tree provider returns the updated item (100 changes)', async () => {
    const { incidents } = await extensionApi();
    await incidents.ready;
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken());
    await eventually('online', () => incidents.state().kind === 'online');
    const target = incidents.incidents()[0] as Incident;
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const summary = `bench ${i} ${randomUUID()}`;
      const shown = async (): Promise<boolean> => {
        for (const group of await incidents.tree.getChildren()) {
          for (const node of await incidents.tree.getChildren(group)) {
            if (node.kind === 'incident' && node.incident.id === target.id && node.incident.summary === summary) return true;
          }
        }
        return false;
      };
      // Check on every change the model announces, not on a timer, so the figure is
      // the pipeline's latency rather than a polling interval.
      const seen = new Promise<void>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error('the change never reached the tree')), 10_000);
        const listener = incidents.onDidChange(() => {
          void shown().then((ok) => {
            if (!ok) return;
            clearTimeout(timeout);
            listener.dispose();
            resolve();
          });
        });
      });
      const started = performance.now();
      await api('PATCH', `/v1/incidents/${target.id}`, { summary });
      await seen;
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    figures['write→tree p50 (ms)'] = percentile(samples, 50);
    figures['write→tree p95 (ms)'] = percentile(samples, 95);
  });

  it('getChildren for 10,000 active incidents', async () => {
    const list: Incident[] = Array.from({ length: 10_000 }, (_, n) => ({
      id: `INC-${n + 1}`,
      title: `Synthetic incident ${n + 1}`,
      severity: (n % 5) as Severity,
      status: 'investigating',
      services: ['checkout-api'],
      customers: [],
      tags: [],
      roles: { smes: [] },
      declaredAt: new Date(Date.now() - n * 60_000).toISOString(),
      summary: '',
      version: 1,
    }));
    const emitter = new vscode.EventEmitter<void>();
    const model = { incidents: () => list, incident: (id: string) => list.find((i) => i.id === id), cachedDetail: () => undefined, detail: async () => undefined, onDidChange: emitter.event, state: { kind: 'online' }, lastResolvedListing: undefined, resolvedListing: async () => ({ state: 'fresh', incidents: [], fetchedAt: 0 }) } as unknown as IncidentsModel;
    const provider = new IncidentsTreeProvider({ model, policy: () => DEFAULT_POLICY, runbooks: { all: () => [], onDidChange: emitter.event }, currentIncidentId: () => undefined });
    const runs: number[] = [];
    for (let r = 0; r < 5; r++) {
      const started = performance.now();
      const groups = await provider.getChildren();
      let items = 0;
      for (const group of groups) {
        const children: IncidentTreeNode[] = await provider.getChildren(group);
        for (const child of children) {
          provider.getTreeItem(child);
          // The Recently resolved group (empty here) answers with a row of its own.
          if (child.kind === 'incident') items += 1;
        }
      }
      runs.push(performance.now() - started);
      if (items !== list.length) throw new Error(`expected ${list.length} items, got ${items}`);
    }
    runs.sort((a, b) => a - b);
    figures['getChildren+getTreeItem, 10k incidents, median (ms)'] = percentile(runs, 50);
    provider.dispose();
    emitter.dispose();
  });
});
