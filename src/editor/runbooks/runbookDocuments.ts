import * as vscode from 'vscode';
import { parseRunbook } from '../../core/runbooks/parse';
import { hasRunbookFrontMatter } from '../../core/runbooks/runbookDetection';
import type { ParsedRunbook } from '../../core/runbooks/types';
import { Disposable } from '../platform/dispose';
import type { RunbookIndex } from './runbookIndex';

/**
 * Open runbook documents, parsed once per version: CodeLens, diagnostics, the
 * context key and the run commands all ask, often for the same version.
 */
export class RunbookDocuments extends Disposable {
  private readonly cache = new Map<string, { version: number; parsed: ParsedRunbook }>();

  constructor(private readonly index: RunbookIndex) {
    super();
    this._register(vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString())));
  }

  parse(document: vscode.TextDocument): ParsedRunbook {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.parsed;
    const parsed = parseRunbook(document.getText());
    this.cache.set(key, { version: document.version, parsed });
    return parsed;
  }

  /** A markdown file under the runbook globs, shipped with the extension, or with runbook front matter. */
  isRunbook(document: vscode.TextDocument): boolean {
    if (document.languageId !== 'markdown') return false;
    if (this.index.isShipped(document.uri) || this.index.matchesGlobs(document)) return true;
    return hasRunbookFrontMatter(this.parse(document));
  }

  /** The runbook at `uri`: its open document, else the file opened as one (not shown). */
  async open(uri: vscode.Uri): Promise<vscode.TextDocument> {
    return vscode.workspace.openTextDocument(uri);
  }
}
