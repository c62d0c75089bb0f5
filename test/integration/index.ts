import * as path from 'node:path';
import * as fs from 'node:fs';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SummaryReporter = require('../harness/summary-reporter.cjs');

/**
 * Entry point the workbench calls inside the extension host (`extensionTestsPath`).
 * INCIDENT_DESK_TEST_SUITE picks the folder of tests to run (default `main`).
 */
export async function run(): Promise<void> {
  const suite = process.env.INCIDENT_DESK_TEST_SUITE ?? 'main';
  const header = `[integration] VS Code ${vscode.version} (${vscode.env.appName}, uiKind=${vscode.UIKind[vscode.env.uiKind]}), Node ${process.versions.node}, suite '${suite}'`;
  console.log(header);
  if (process.env.INCIDENT_DESK_TRANSCRIPT_FILE) fs.appendFileSync(process.env.INCIDENT_DESK_TRANSCRIPT_FILE, `${header}\n`);
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: SummaryReporter });
  // INCIDENT_DESK_TEST_GREP narrows a run to matching tests while working on one feature.
  if (process.env.INCIDENT_DESK_TEST_GREP) mocha.grep(process.env.INCIDENT_DESK_TEST_GREP);
  const folder = path.join(__dirname, suite);
  for (const file of filesUnder(folder)) mocha.addFile(file);
  const failures = await withTranscript(() => new Promise<number>((resolve) => mocha.run(resolve)));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}

/**
 * The workbench console is noisy, so the reporter's lines also go to a transcript
 * file that the launcher prints once the run is over.
 */
async function withTranscript<T>(body: () => Promise<T>): Promise<T> {
  const file = process.env.INCIDENT_DESK_TRANSCRIPT_FILE;
  if (!file) return body();
  // Mocha's reporters print through Base.consoleLog, captured when mocha loads.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    fs.appendFileSync(file, `${format(...args)}\n`);
    original(...args);
  };
  try {
    return await body();
  } finally {
    base.consoleLog = original;
  }
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(full);
      return entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}
