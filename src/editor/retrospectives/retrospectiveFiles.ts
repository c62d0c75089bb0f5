import * as vscode from 'vscode';
import { findFrontMatterBlock, normalizeFolder } from '../../core/retrospectives';

/** The few things these checks need from a document, so they also work on plain text. */
export interface RetrospectiveCandidate {
  readonly uri: vscode.Uri;
  readonly languageId: string;
  getText(): string;
}

/**
 * A retrospective is a markdown file under the retrospectives folder whose front matter
 * names an incident. Both conditions matter: other markdown in that folder (a README,
 * a template) must not get retrospective diagnostics or a "Submit" button.
 */
export function isRetrospectiveDocument(document: RetrospectiveCandidate, folderSetting: string): boolean {
  return document.languageId === 'markdown' && isInRetrospectivesFolder(document.uri, folderSetting) && hasRetrospectiveFrontMatter(document.getText());
}

export function isInRetrospectivesFolder(uri: vscode.Uri, folderSetting: string): boolean {
  const folder = safeFolder(folderSetting);
  if (folder === undefined || vscode.workspace.getWorkspaceFolder(uri) === undefined) return false;
  const relative = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
  return relative.startsWith(`${folder}/`) && relative.toLowerCase().endsWith('.md');
}

/**
 * Top-level `id` and `declared_at` keys in a closed front matter block. Looked up line by
 * line rather than parsed, so a file whose YAML is broken is still recognised — that is
 * exactly when its diagnostics matter most.
 */
export function hasRetrospectiveFrontMatter(text: string): boolean {
  const block = findFrontMatterBlock(text.split(/\r?\n/, 400));
  if (!block) return false;
  return /^id\s*:/m.test(block.yaml) && /^declared_at\s*:/m.test(block.yaml);
}

/** The folder setting, normalised, or undefined when it points outside the workspace. */
export function safeFolder(folderSetting: string): string | undefined {
  try {
    return normalizeFolder(folderSetting);
  } catch {
    return undefined;
  }
}
