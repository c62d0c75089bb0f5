import * as vscode from 'vscode';
import { blameLines } from '../../app/insights/node/gitBlame';
import { readRetrospectives } from '../../app/insights/node/repositorySources';
import { repositoryRoot } from '../../app/insights/node/repositoryRoot';
import { CommitMemoryIndex, rememberedRuns, type CommitMemory } from '../../core/insights/codeMemory';
import type { Settings } from '../platform/settings';

export interface RememberedRun {
  /** 0-based lines, inclusive. */
  start: number;
  end: number;
  memories: CommitMemory[];
  retrospectiveUri(memory: CommitMemory): vscode.Uri;
}

interface Repository {
  root: string;
  index: Promise<CommitMemoryIndex>;
}

/**
 * What the code remembers, per document: blame is computed lazily (only when a hover or
 * CodeLens asks, i.e. for visible files), in a child process, once per document version,
 * and only in repositories whose retrospectives name commits at all. Typing never waits
 * for it: providers are asynchronous and a newer version simply asks again.
 */
export class CodeMemoryStore implements vscode.Disposable {
  private readonly repositories = new Map<string, Promise<Repository>>();
  private readonly blames = new Map<string, { version: number; runs: Promise<RememberedRun[]> }>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly settings: Settings, private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.md');
    const retrospectivesChanged = (uri: vscode.Uri): void => {
      if (!uri.path.includes(`/${settings.retrospectivesFolder.replace(/^\/+|\/+$/g, '')}/`)) return;
      this.repositories.clear();
      this.blames.clear();
      this.changed.fire();
    };
    this.disposables.push(watcher, watcher.onDidChange(retrospectivesChanged), watcher.onDidCreate(retrospectivesChanged), watcher.onDidDelete(retrospectivesChanged));
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((document) => this.blames.delete(document.uri.toString())));
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
  }

  /** The remembered runs of lines in the document as it is now; empty for most files. */
  async runs(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<RememberedRun[]> {
    // git reads the repository's own config (core.fsmonitor runs a program): never in an untrusted workspace.
    if (document.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return [];
    const key = document.uri.toString();
    const cached = this.blames.get(key);
    if (cached && cached.version === document.version) return cached.runs;
    const runs = this.compute(document, token);
    this.blames.set(key, { version: document.version, runs });
    return runs;
  }

  private async compute(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<RememberedRun[]> {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder || folder.uri.scheme !== 'file') return [];
    const repository = await this.repositoryOf(folder.uri.fsPath);
    const index = await repository.index;
    if (index.isEmpty) return [];
    const relative = document.uri.fsPath.slice(repository.root.length + 1).split('\\').join('/');
    if (document.uri.fsPath.slice(0, repository.root.length) !== repository.root || relative === '') return [];
    const abort = new AbortController();
    const cancel = token?.onCancellationRequested(() => abort.abort());
    try {
      const blame = await blameLines(repository.root, relative, document.getText(), abort.signal);
      if (!blame) return [];
      const root = vscode.Uri.file(repository.root);
      return rememberedRuns(blame, index).map((run) => ({ ...run, retrospectiveUri: (memory: CommitMemory) => vscode.Uri.joinPath(root, memory.retrospectivePath) }));
    } finally {
      cancel?.dispose();
    }
  }

  private repositoryOf(folder: string): Promise<Repository> {
    let repository = this.repositories.get(folder);
    if (!repository) {
      repository = (async () => {
        const root = await repositoryRoot(folder);
        const index = readRetrospectives(root, this.settings.retrospectivesFolder)
          .then((retros) => new CommitMemoryIndex(retros))
          .catch((error: unknown) => {
            this.log.warn(`code memory: retrospectives could not be read (${String(error)})`);
            return new CommitMemoryIndex([]);
          });
        return { root, index };
      })();
      this.repositories.set(folder, repository);
    }
    return repository;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
