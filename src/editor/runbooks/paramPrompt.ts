import * as vscode from 'vscode';
import type { ParamSpec } from '../../core/runbooks/types';
import { acceptForm, formRows, paramForm, valueProblem, withValue, type FormRow, type ParamForm } from './paramForm';

/**
 * Asks for the runbook's params that have no value yet, all at once: one quick pick
 * lists every param with its default, and Enter on its first row runs with them (one
 * action when the defaults do). Selecting a param edits it in an input box (a password
 * box for `secret` ones, never prefilled), then the list comes back. Values are
 * returned, never stored or logged here. Undefined when the user cancels.
 */
export async function askForParams(
  runbookTitle: string,
  declared: Readonly<Record<string, ParamSpec>>,
  known: Readonly<Record<string, string>>,
): Promise<Record<string, string> | undefined> {
  let form = paramForm(runbookTitle, declared, known);
  if (form.fields.length === 0) return { ...known };
  for (;;) {
    const chosen = await pickRow(form);
    if (chosen === undefined) return undefined;
    let edit = chosen.field;
    if (edit === undefined) {
      const accepted = acceptForm(form, known);
      if (accepted.ok) return accepted.values;
      edit = accepted.next.name;
    }
    const field = form.fields.find((candidate) => candidate.name === edit);
    if (!field) continue;
    const value = await vscode.window.showInputBox({
      title: `${runbookTitle}: $${field.name}`,
      prompt: `${field.description} — given to the runbook's terminal as $${field.name}${field.secret ? '; never shown or recorded' : ''}.`,
      value: field.secret ? '' : field.value,
      password: field.secret,
      ignoreFocusOut: true,
      validateInput: valueProblem,
    });
    // Escape in the input box goes back to the list, keeping what was there.
    if (value !== undefined) form = withValue(form, field.name, value);
  }
}

type RowItem = vscode.QuickPickItem & { row: FormRow };

/** Shows the form once; resolves to the row accepted, or undefined when it was dismissed. */
function pickRow(form: ParamForm): Promise<FormRow | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<RowItem>();
    pick.title = `${form.title}: params for this run`;
    pick.placeholder = 'Enter runs with these values; select a param to change it';
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.items = formRows(form).map((row) => ({
      label: row.label,
      description: row.description,
      ...(row.detail === undefined ? {} : { detail: row.detail }),
      alwaysShow: row.field === undefined,
      row,
    }));
    const first = pick.items[0];
    if (first) pick.activeItems = [first];
    let result: FormRow | undefined;
    pick.onDidAccept(() => {
      result = pick.activeItems[0]?.row;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}
