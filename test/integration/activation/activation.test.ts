import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../support/extension';

/**
 * Figures for `npm run bench`, never pass/fail: how long `activate()` takes for Incident
 * Desk beside an empty extension in the same VS Code. The window opens a folder with
 * no runbooks and no .incident-desk, so neither was activated before the test asks.
 */
const EMPTY_ID = 'incident-desk-bench.empty-extension';

async function activationMs(id: string): Promise<number> {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) throw new Error(`${id} is not loaded in this extension host`);
  if (extension.isActive) throw new Error(`${id} was already active; the figure would mean nothing`);
  const start = performance.now();
  await extension.activate();
  return performance.now() - start;
}

describe('bench: extension activation', () => {
  it('activates the empty extension, then Incident Desk, and reports both', async () => {
    const figures = {
      'empty extension activate() ms': await activationMs(EMPTY_ID),
      'Incident Desk activate() ms': await activationMs(EXTENSION_ID),
    };
    console.log(['', 'Activation (inside VS Code, one cold sample each)', ...Object.entries(figures).map(([k, v]) => `  ${k.padEnd(48)} ${v.toFixed(2)}`)].join('\n'));
    const out = process.env.INCIDENT_DESK_BENCH_DIR;
    if (out) {
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, 'activation.json'), JSON.stringify(figures, null, 2));
    }
  });
});
