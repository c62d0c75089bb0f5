import * as vscode from 'vscode';
import { memoryText } from '../../core/insights/codeMemory';
import type { CodeMemoryStore } from './codeMemoryStore';

/** The hover on a line last changed by a remembered commit: one line per incident, linking its retrospective. */
export class CodeMemoryHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: CodeMemoryStore) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const runs = await this.store.runs(document, token);
    const run = runs.find((r) => r.start <= position.line && position.line <= r.end);
    if (!run) return undefined;
    const markdown = new vscode.MarkdownString();
    for (const memory of run.memories) {
      // The text is the repository's: appended as text, so it cannot turn into markup or links.
      markdown.appendText(memoryText(memory));
      markdown.appendMarkdown(` — [Open the retrospective](${run.retrospectiveUri(memory).toString()})\n\n`);
    }
    return new vscode.Hover(markdown, new vscode.Range(run.start, 0, run.end, document.lineAt(run.end).text.length));
  }
}

const FUNCTION_KINDS = new Set([vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor]);

/** A CodeLens on the function enclosing remembered lines (on the lines themselves outside any function). */
export class CodeMemoryCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(
    private readonly store: CodeMemoryStore,
    private readonly enabled: () => boolean,
    changed: vscode.Event<void>,
  ) {
    this.onDidChangeCodeLenses = changed;
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.enabled()) return [];
    const runs = await this.store.runs(document, token);
    if (runs.length === 0 || token.isCancellationRequested) return [];
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri)) ?? [];
    const lenses: vscode.CodeLens[] = [];
    const seen = new Set<string>();
    for (const run of runs) {
      const line = enclosingFunction(symbols, run.start)?.range.start.line ?? run.start;
      for (const memory of run.memories) {
        const key = `${line}:${memory.incidentId}:${memory.role}`;
        if (seen.has(key)) continue;
        seen.add(key);
        lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: memoryText(memory), command: 'vscode.open', arguments: [run.retrospectiveUri(memory)], tooltip: 'Open the retrospective' }));
      }
    }
    return lenses;
  }
}

/** The innermost function or method whose range holds the line. */
function enclosingFunction(symbols: readonly vscode.DocumentSymbol[], line: number): vscode.DocumentSymbol | undefined {
  let found: vscode.DocumentSymbol | undefined;
  for (const symbol of symbols) {
    if (symbol.range.start.line > line || symbol.range.end.line < line) continue;
    if (FUNCTION_KINDS.has(symbol.kind)) found = symbol;
    found = enclosingFunction(symbol.children, line) ?? found;
  }
  return found;
}
