/**
 * The Insights webview's page: a static shell with no data in it (data arrives as a
 * message and is written as text), under a CSP that allows only this nonce's script and
 * the extension's own style sheet: `default-src 'none'`, no inline code, no remote anything.
 */
export interface InsightsHtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function insightsHtml(options: InsightsHtmlOptions): string {
  const { cspSource, nonce } = options;
  const csp = [`default-src 'none'`, `img-src ${cspSource} data:`, `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`, `font-src ${cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(options.styleUri)}">
<title>Incident Desk Insights</title>
</head>
<body>
<header>
  <h1>Reliability insights</h1>
  <form id="filters" aria-label="Filters">
    <label>Time range <select id="range" name="range">
      <option value="30">Last 30 days</option><option value="90" selected>Last 90 days</option><option value="180">Last 180 days</option><option value="365">Last 365 days</option>
    </select></label>
    <label>Service <select id="service" name="service"><option value="">All services</option></select></label>
    <label>Severity <select id="severity" name="severity"><option value="">All severities</option><option value="0">Sev 0</option><option value="1">Sev 1</option><option value="2">Sev 2</option><option value="3">Sev 3</option><option value="4">Sev 4</option></select></label>
  </form>
  <p id="status" role="status" aria-live="polite">Loading…</p>
</header>
<main id="content" hidden>
  <section aria-labelledby="totals-title"><h2 id="totals-title">Totals</h2><dl id="totals" class="totals"></dl></section>
  <section aria-labelledby="weeks-title"><h2 id="weeks-title">Incidents by severity per ISO week</h2><div class="chart"><canvas id="chart-weeks" role="img" aria-label="Bar chart of incidents by severity per week; the table below has the same data"></canvas></div><details><summary>Table</summary><div id="table-weeks"></div></details></section>
  <section aria-labelledby="services-title"><h2 id="services-title">Incidents by service</h2><div class="chart"><canvas id="chart-services" role="img" aria-label="Bar chart of incidents by service; the table below has the same data"></canvas></div><details><summary>Table</summary><div id="table-services"></div></details></section>
  <section aria-labelledby="tta-title"><h2 id="tta-title">Time to action and to resolve per severity</h2><div class="chart"><canvas id="chart-tta" role="img" aria-label="Bar chart of median time to action per severity; the table below has the same data"></canvas></div><div id="table-tta"></div></section>
  <section aria-labelledby="load-title"><h2 id="load-title">On-call load</h2><div class="chart"><canvas id="chart-load" role="img" aria-label="Bar chart of incidents per person, nights and weekends apart; the table below has the same data"></canvas></div><div id="table-load"></div></section>
  <section aria-labelledby="factors-title"><h2 id="factors-title">Repeat contributing factors</h2><div id="table-factors"></div></section>
  <section aria-labelledby="followups-title"><h2 id="followups-title">Follow-ups</h2><div id="table-followups"></div></section>
  <section aria-labelledby="dora-title"><h2 id="dora-title">DORA</h2><dl id="dora" class="totals"></dl></section>
</main>
<script nonce="${attr(nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>`;
}

/** For double-quoted attribute values: the characters that could end or change one. */
export function attr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
