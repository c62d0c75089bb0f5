import * as vscode from 'vscode';
import { parseExecutionLog, type ExecutionRecord } from '../../core/runbooks/executionRecord';
import { errorText } from '../platform/errorText';

/** The command line's log inside the repository (`incident-desk runbook run` appends there). */
export function repositoryExecutionLogUri(repoRoot: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(repoRoot, '.incident-desk', 'executions.jsonl');
}

/**
 * Every record from the given logs. A missing log is simply empty; a line that is not a
 * record is skipped and reported to the log with its line number, never silently.
 */
export async function readExecutionRecords(logs: readonly vscode.Uri[], log: vscode.LogOutputChannel): Promise<ExecutionRecord[]> {
  const records: ExecutionRecord[] = [];
  for (const uri of logs) {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') continue;
      log.warn(`Could not read the runbook execution log ${uri.fsPath}: ${errorText(error)}`);
      continue;
    }
    const parsed = parseExecutionLog(new TextDecoder().decode(bytes));
    if (parsed.badLines.length > 0) {
      log.warn(`${uri.fsPath}: line(s) ${parsed.badLines.slice(0, 20).join(', ')} are not execution records and were left out of the timeline.`);
    }
    records.push(...parsed.records);
  }
  return records;
}
