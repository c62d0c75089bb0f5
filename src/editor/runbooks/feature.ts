import * as vscode from 'vscode';
import type { CommandManager } from '../platform/commandManager';
import type { Settings } from '../platform/settings';
import type { IncidentRecorder, UserName } from '../shared/incidentServices';
import { BackgroundSteps } from './backgroundSteps';
import { createRunbookCommand } from './commands/createRunbook';
import { refreshRunbooksCommand } from './commands/refreshRunbooks';
import { resetRunbookCommand } from './commands/resetRunbook';
import { runAllCommand } from './commands/runAll';
import { runFromHereCommand } from './commands/runFromHere';
import { runStepCommand } from './commands/runStep';
import { stopBackgroundStepCommand } from './commands/stopBackgroundStep';
import { ExecutionLog, executionLogUri } from './executionLog';
import { ResultDecorations } from './resultDecorations';
import { RunbookCodeLensProvider } from './runbookCodeLens';
import { RunbookContextKey } from './runbookContextKey';
import { RunbookDiagnostics } from './runbookDiagnostics';
import { RunbookDocuments } from './runbookDocuments';
import type { RunbookIndex } from './runbookIndex';
import { RunbookRunner } from './runbookRunner';
import { RunbookTerminals } from './runbookTerminals';
import { RUNBOOKS_VIEW_ID, RunbooksTreeProvider } from './runbooksTree';
import { StepResults } from './stepResults';
import { StepScripts } from './stepScripts';

export interface RunbooksFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  log: vscode.LogOutputChannel;
  settings: Settings;
  userName: UserName;
  /** The catalog from createRunbookCatalog (runbookIndex.ts): this feature also needs its parses and refresh. */
  runbooks: RunbookIndex;
  recorder: IncidentRecorder;
}

/** Markdown files, on disk or unsaved; the glob/front-matter check happens per document. */
const MARKDOWN: vscode.DocumentSelector = [
  { language: 'markdown', scheme: 'file' },
  { language: 'markdown', scheme: 'untitled' },
  { language: 'markdown', scheme: 'vscode-remote' },
];

/**
 * The runbooks feature: the Runbooks view, CodeLens with run buttons and results,
 * lint diagnostics, the terminal runner and its commands. Everything it creates is
 * owned by `context.subscriptions`.
 */
/** What the integration tests observe of this feature. */
export interface RunbooksTestApi {
  readonly tree: RunbooksTreeProvider;
}

export function registerRunbooksFeature(deps: RunbooksFeatureDeps): RunbooksTestApi {
  const { context, commands, log, settings, runbooks: index } = deps;
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };

  const documents = own(new RunbookDocuments(index));
  const results = own(new StepResults());
  const terminals = own(new RunbookTerminals());
  const background = own(new BackgroundSteps());
  const scripts = own(new StepScripts());
  const runner = new RunbookRunner({
    index,
    documents,
    results,
    terminals,
    background,
    scripts,
    executionLog: new ExecutionLog(executionLogUri(context)),
    recorder: deps.recorder,
    userName: deps.userName,
    log,
    allowAssumeYes: context.extensionMode !== vscode.ExtensionMode.Production,
  });

  const tree = own(new RunbooksTreeProvider(index, () => index.reviewIntervalDays));
  own(vscode.window.createTreeView(RUNBOOKS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }));
  const codeLens = own(new RunbookCodeLensProvider(documents, results));
  own(vscode.languages.registerCodeLensProvider(MARKDOWN, codeLens));
  own(new ResultDecorations(documents, results));
  own(new RunbookDiagnostics(index, documents));
  const contextKey = own(new RunbookContextKey(documents));
  // New globs can make an open file a runbook, or stop it being one.
  own(
    index.onDidChange(() => {
      codeLens.refresh();
      contextKey.update();
    }),
  );

  for (const command of [
    runStepCommand(runner),
    runFromHereCommand(runner),
    runAllCommand(runner),
    resetRunbookCommand(results),
    stopBackgroundStepCommand(documents, background),
    refreshRunbooksCommand(index),
    createRunbookCommand(settings, log),
  ]) {
    commands.register(command);
  }
  return { tree };
}
