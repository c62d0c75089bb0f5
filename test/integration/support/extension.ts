import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';

export const EXTENSION_ID = 'incident-desk.incident-desk';

/** Activates the extension under test and returns what it exports. */
export async function extensionApi(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  return extension.activate();
}
