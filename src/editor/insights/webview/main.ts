// The Insights webview's script (browser side). It receives data only through the typed
// protocol and writes every value with textContent, so an incident title or a service
// name can never become markup. Colours come from the VS Code theme's CSS variables.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { HostMessage, InsightsFilters, RenderedDom, WebviewMessage } from '../protocol';
import type { InsightsReport } from '../../../core/insights/types';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const SEVERITIES = ['0', '1', '2', '3', '4'] as const;
const charts = new Map<string, Chart>();
let openable = new Set<string>();

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element as T;
}

function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function severityColours(): string[] {
  return [
    themeColour('--vscode-charts-red', '#f14c4c'),
    themeColour('--vscode-charts-orange', '#d18616'),
    themeColour('--vscode-charts-yellow', '#cca700'),
    themeColour('--vscode-charts-blue', '#3794ff'),
    themeColour('--vscode-charts-green', '#89d185'),
  ];
}

function currentFilters(): InsightsFilters {
  return {
    rangeDays: Number(byId<HTMLSelectElement>('range').value) as InsightsFilters['rangeDays'],
    service: byId<HTMLSelectElement>('service').value,
    severity: byId<HTMLSelectElement>('severity').value,
  };
}

for (const id of ['range', 'service', 'severity']) byId<HTMLSelectElement>(id).addEventListener('change', () => post({ type: 'filter', filters: currentFilters() }));

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'loading') {
    byId('status').textContent = 'Loading…';
  } else if (message.type === 'error') {
    byId('status').textContent = message.message;
    byId('content').hidden = true;
  } else if (message.type === 'data') {
    const started = performance.now();
    openable = new Set(message.openable);
    applyFilters(message.filters, message.services);
    render(message.report);
    byId('status').textContent = message.warnings.length > 0 ? message.warnings.join(' ') : `Incidents declared ${message.report.window.since.slice(0, 10)} to ${message.report.window.until.slice(0, 10)}.`;
    byId('content').hidden = false;
    post({ type: 'rendered', dom: readBack(), renderMs: performance.now() - started });
  }
});

/** The DOM as rendered, read back from it: what a person sees, for the host's log and tests. */
function readBack(): RenderedDom {
  const totals: Record<string, string> = {};
  for (const wrapper of document.querySelectorAll<HTMLElement>('[data-total]')) totals[wrapper.dataset.total ?? ''] = wrapper.querySelector('dd')?.textContent ?? '';
  const services = [...document.querySelectorAll('#table-services tbody tr th')].map((cell) => cell.textContent ?? '');
  return { totals, services, images: document.querySelectorAll('img').length, inlineHandlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').length, title: document.title };
}

function applyFilters(filters: InsightsFilters, services: string[]): void {
  byId<HTMLSelectElement>('range').value = String(filters.rangeDays);
  const service = byId<HTMLSelectElement>('service');
  service.replaceChildren(option('', 'All services'), ...services.map((s) => option(s, s)));
  service.value = filters.service;
  byId<HTMLSelectElement>('severity').value = filters.severity;
}

function option(value: string, label: string): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  return element;
}

function render(report: InsightsReport): void {
  const followUps = report.followUps;
  const totals: Record<string, string> = {
    incidents: String(report.incidents.total),
    followUpsOpen: String(followUps.open),
    followUpsOverdue: String(followUps.overdue),
    repeatFactors: String(report.contributingFactors.length),
  };
  definitions('totals', [
    ['Incidents', totals.incidents ?? '', 'all'],
    ...SEVERITIES.map((s): [string, string, string] => [`Sev ${s}`, String(report.incidents.bySeverity[s] ?? 0), `severity:${s}`]),
    ['Open follow-ups', totals.followUpsOpen ?? '', 'followUps:open'],
    ['Overdue follow-ups', totals.followUpsOverdue ?? '', 'followUps:overdue'],
  ]);
  const restore = report.dora.timeToRestoreMedianS;
  const cfr = report.dora.changeFailureRate;
  totals.timeToRestore = duration(restore);
  totals.changeFailureRate = cfr === null ? '—' : `${Math.round(cfr * 1000) / 10}%`;
  definitions('dora', [
    ['Time to restore (median)', totals.timeToRestore, ''],
    ['Change failure rate', totals.changeFailureRate, 'failedDeploys'],
  ]);

  const weeks = report.incidents.byWeek;
  barChart('chart-weeks', weeks.map((w) => w.week), SEVERITIES.map((s, i) => ({ label: `Sev ${s}`, data: weeks.map((w) => w.bySeverity[s] ?? 0), colour: severityColours()[i] ?? '', keys: weeks.map((w) => `week:${w.week}:${s}`) })), true);
  table('table-weeks', ['Week', ...SEVERITIES.map((s) => `Sev ${s}`)], weeks.map((w) => ({ cells: [w.week, ...SEVERITIES.map((s) => String(w.bySeverity[s] ?? 0))], key: `week:${w.week}` })));

  const services = Object.entries(report.incidents.byService);
  barChart('chart-services', services.map(([name]) => name), [{ label: 'Incidents', data: services.map(([, n]) => n), colour: themeColour('--vscode-charts-blue', '#3794ff'), keys: services.map(([name]) => `service:${name}`) }], false);
  table('table-services', ['Service', 'Incidents'], services.map(([name, n]) => ({ cells: [name, String(n)], key: `service:${name}` })));

  barChart(
    'chart-tta',
    SEVERITIES.map((s) => `Sev ${s}`),
    [
      { label: 'Median to action (min)', data: SEVERITIES.map((s) => minutes(report.timeToAction[s]?.medianS)), colour: themeColour('--vscode-charts-orange', '#d18616'), keys: SEVERITIES.map((s) => `timeToAction:${s}`) },
      { label: 'Median to resolve (min)', data: SEVERITIES.map((s) => minutes(report.timeToResolve[s]?.medianS)), colour: themeColour('--vscode-charts-purple', '#b180d7'), keys: SEVERITIES.map((s) => `timeToResolve:${s}`) },
    ],
    false,
  );
  table(
    'table-tta',
    ['Severity', 'Acted on', 'Median to action', 'p90 to action', 'KPI', 'Within KPI', 'Resolved', 'Median to resolve', 'p90 to resolve'],
    SEVERITIES.map((s) => {
      const a = report.timeToAction[s];
      const r = report.timeToResolve[s];
      return {
        cells: [`Sev ${s}`, String(a?.count ?? 0), duration(a?.medianS), duration(a?.p90S), duration(a?.kpiS), a?.withinKpi === null || a?.withinKpi === undefined ? '—' : `${Math.round(a.withinKpi * 1000) / 10}%`, String(r?.count ?? 0), duration(r?.medianS), duration(r?.p90S)],
        key: `timeToAction:${s}`,
      };
    }),
  );

  const people = report.onCallLoad;
  barChart(
    'chart-load',
    people.map((p) => p.person),
    [
      { label: 'Working hours', data: people.map((p) => p.incidents - p.nightIncidents - p.weekendIncidents), colour: themeColour('--vscode-charts-blue', '#3794ff'), keys: people.map((p) => `person:${p.person}`) },
      { label: 'Nights', data: people.map((p) => p.nightIncidents), colour: themeColour('--vscode-charts-purple', '#b180d7'), keys: people.map((p) => `person:${p.person}:night`) },
      { label: 'Weekends', data: people.map((p) => p.weekendIncidents), colour: themeColour('--vscode-charts-red', '#f14c4c'), keys: people.map((p) => `person:${p.person}:weekend`) },
    ],
    true,
  );
  table('table-load', ['Person', 'Incidents', 'Role hours', 'Nights', 'Weekends'], people.map((p) => ({ cells: [p.person, String(p.incidents), p.roleHours.toFixed(1), String(p.nightIncidents), String(p.weekendIncidents)], key: `person:${p.person}` })));

  table('table-factors', ['Factor', 'Retrospectives'], report.contributingFactors.map((f) => ({ cells: [f.factor, f.incidents.join(', ')], key: `factor:${f.factor}` })), 'No contributing factor appears in two or more retrospectives.');
  table('table-followups', ['Owner', 'Open', 'Overdue'], Object.entries(followUps.byOwner).map(([owner, row]) => ({ cells: [owner, String(row.open), String(row.overdue)], key: `owner:${owner}` })), 'No follow-ups.');
}

function definitions(id: string, rows: [string, string, string][]): void {
  const list = byId(id);
  list.replaceChildren();
  for (const [term, value, key] of rows) {
    const wrapper = document.createElement('div');
    wrapper.dataset.total = term;
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    if (key !== '' && openable.has(key)) dd.append(linkButton(value, key, `Open what “${term}” counts`));
    else dd.textContent = value;
    wrapper.append(dt, dd);
    list.append(wrapper);
  }
}

function linkButton(text: string, key: string, label: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.textContent = text;
  button.title = label;
  button.addEventListener('click', () => post({ type: 'open', key }));
  return button;
}

function table(id: string, header: string[], rows: { cells: string[]; key: string }[], empty = 'Nothing to show.'): void {
  const host = byId(id);
  if (rows.length === 0) {
    const p = document.createElement('p');
    p.textContent = empty;
    host.replaceChildren(p);
    return;
  }
  const element = document.createElement('table');
  const head = element.createTHead().insertRow();
  for (const title of header) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  }
  const body = element.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    row.cells.forEach((cell, i) => {
      const td = i === 0 ? document.createElement('th') : document.createElement('td');
      if (i === 0) (td as HTMLTableCellElement).scope = 'row';
      if (i === 0 && openable.has(row.key)) td.append(linkButton(cell, row.key, `Open the incidents of ${cell}`));
      else td.textContent = cell;
      tr.append(td);
    });
  }
  host.replaceChildren(element);
}

function barChart(id: string, labels: string[], series: { label: string; data: number[]; colour: string; keys: string[] }[], stacked: boolean): void {
  const canvas = byId<HTMLCanvasElement>(id);
  charts.get(id)?.destroy();
  const foreground = themeColour('--vscode-foreground', '#cccccc');
  const grid = themeColour('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.colour })) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      color: foreground,
      scales: {
        x: { stacked, ticks: { color: foreground }, grid: { color: grid } },
        y: { stacked, beginAtZero: true, ticks: { color: foreground, precision: 0 }, grid: { color: grid } },
      },
      plugins: { legend: { labels: { color: foreground } } },
      onClick: (_event, elements) => {
        const hit = elements[0];
        const key = hit ? series[hit.datasetIndex]?.keys[hit.index] : undefined;
        if (key && openable.has(key)) post({ type: 'open', key });
      },
    },
  };
  charts.set(id, new Chart(canvas, config));
}

function minutes(seconds: number | null | undefined): number {
  return seconds === null || seconds === undefined ? 0 : Math.round((seconds / 60) * 10) / 10;
}

function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 === 0 ? '' : ` ${String(s % 60).padStart(2, '0')}s`}`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

post({ type: 'ready' });
