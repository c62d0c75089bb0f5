import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';

/**
 * The files multi-line steps are sourced from (see terminalStepCommand): one private
 * folder per window (0700, from mkdtemp), one file per step run (0600, never
 * overwritten). They hold the runbook's text only, never param values. A file goes
 * once its step has ended; the folder goes with the window.
 *
 * A value typed for an `export X=placeholder` line gets a file of its own (0600),
 * which the step's script reads and deletes before the step's first command (see
 * valueFileReads): the value is never typed into the terminal nor kept in a script.
 */
export class StepScripts implements vscode.Disposable {
  private folder: string | undefined;
  private count = 0;

  /** Writes the script and returns its path; throws when the folder or file cannot be made. */
  write(stepName: string, script: string): string {
    return this.writeFile(`${stepName.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60) || 'step'}.sh`, script);
  }

  private writeFile(name: string, text: string): string {
    this.folder ??= fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-steps-'));
    this.count += 1;
    const file = path.join(this.folder, `${this.count}-${name}`);
    fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
    return file;
  }

  /** Writes one value for the step's script to read (and delete); returns its path. */
  writeValue(name: string, value: string): string {
    return this.writeFile(`${name}.value`, value);
  }

  remove(file: string): void {
    fs.rmSync(file, { force: true });
  }

  dispose(): void {
    if (this.folder) fs.rmSync(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }
}
