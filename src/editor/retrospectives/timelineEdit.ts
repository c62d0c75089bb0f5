import * as vscode from 'vscode';
import { findTimelineBlock, refreshTimeline, type TimelineEntry } from '../../core/retrospectives';

/**
 * The edit that replaces only the lines between the timeline markers, computed against
 * the document as it is now; undefined when the timeline is already current. Applying a
 * WorkspaceEdit (not writing the file) keeps the change on the undo stack.
 * Throws RetrospectiveFormatError when the markers are missing or doubled.
 */
export function timelineEdit(document: vscode.TextDocument, entries: readonly TimelineEntry[]): vscode.WorkspaceEdit | undefined {
  const text = document.getText();
  const updated = refreshTimeline(text, entries);
  if (updated === text) return undefined;
  const before = findTimelineBlock(text.split(/\r?\n/));
  const afterLines = updated.split(/\r?\n/);
  const after = findTimelineBlock(afterLines);
  if ('problem' in before) throw new Error(before.problem);
  if ('problem' in after) throw new Error(after.problem);
  const range = new vscode.Range(before.start, 0, before.end, document.lineAt(before.end).text.length);
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, afterLines.slice(after.start, after.end + 1).join(eol));
  return edit;
}
