// The responder's loop in the real workbench, by clicks and keystrokes, with the
// actions counted as issue #12 defines them: one click or one Enter is an action,
// typing into a field is not, a confirmation dialog is. Every click and key in a
// counted flow goes through one counter, so the figure is what a user would do.
//   incident → its fitting runbook's first step running: ≤ 3 actions
//   resolved incident → its retrospective open:         ≤ 2 actions
// Run by installed-vsix.mjs on the installed extension, after it has declared an
// incident on a service exactly one runbook lists.

export const GOALS = { runFirstStep: 3, openRetrospective: 2 };

/** Counts the actions of one flow; `click` and `press` are the only ways it touches the page. */
export function actionCounter(page) {
  const done = [];
  return {
    async click(locator, what) {
      await locator.click({ timeout: 30_000 });
      done.push(`click ${what}`);
    },
    async press(key, what) {
      await page.keyboard.press(key);
      if (key === 'Enter') done.push(`Enter ${what}`);
    },
    /** Text typed into a field: not an action. */
    async type(text) {
      await page.keyboard.type(text);
    },
    get count() {
      return done.length;
    },
    get actions() {
      return [...done];
    },
  };
}

// Visible rows only: the list keeps rows it has scrolled away or re-rendered in the DOM, hidden.
const tree = (page) => page.locator('.pane-body .monaco-list-row:visible');
// Label and description run together in the row's text ("INC-1Sev 2 · …"): no \b after the id, just no further digit.
const incidentRow = (page, id) => tree(page).filter({ hasText: new RegExp(`(^|[^A-Za-z0-9-])${id}(?![0-9])`) }).first();

/** A row's inline action (tree item buttons appear on hover). */
async function inlineAction(row, title) {
  await row.hover();
  const action = row.locator(`.actions .action-label[aria-label^="${title}"]`).first();
  await action.waitFor({ state: 'visible', timeout: 15_000 });
  return action;
}

/**
 * Flow 1: from the incident's row to its fitting runbook's first step running.
 * Returns the counted actions; throws when a goal is missed or the run does not show.
 */
export async function runFirstStepFromIncident(page, { incidentId, stepName }) {
  const count = actionCounter(page);
  await count.click(await inlineAction(incidentRow(page, incidentId), 'Run Fitting Runbook'), `${incidentId}'s Run Fitting Runbook`);
  // Every param at once, each with its default: one Enter runs.
  const form = page.locator('.quick-input-widget', { hasText: 'params for this run' });
  await form.waitFor({ state: 'visible', timeout: 30_000 });
  await count.press('Enter', 'Run with these values');
  // The step's result replaces its Run buttons in the runbook: running, then its exit.
  await page.locator('.contentWidgets .codelens-decoration, .view-zones .codelens-decoration', { hasText: /running…|exit \d+/ }).first().waitFor({ timeout: 60_000 });
  if (count.count > GOALS.runFirstStep) throw new Error(`incident → first step took ${count.count} actions (${count.actions.join(', ')}), the goal is ≤ ${GOALS.runFirstStep}`);
  // Not counted: checking the result, as a user glancing at the tree would.
  await page.locator('.contentWidgets .codelens-decoration, .view-zones .codelens-decoration', { hasText: /exit \d+ ·/ }).first().waitFor({ timeout: 60_000 });
  await expectRunOnTimeline(page, incidentId, stepName);
  return count.actions;
}

/** The run is on the incident's timeline: its "Recent events" lists the step. */
async function expectRunOnTimeline(page, incidentId, stepName) {
  const row = incidentRow(page, incidentId);
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
  const events = tree(page).filter({ hasText: 'Recent events' }).first();
  await events.waitFor({ timeout: 15_000 });
  if ((await events.getAttribute('aria-expanded')) !== 'true') await events.click();
  const ran = tree(page).filter({ hasText: new RegExp(`Ran .*› ${stepName} \\(exit`) }).first();
  // The events can sit below the pane's fold (the Runbooks and SLOs views share the
  // sidebar) and the list renders only the rows in view: scroll down to them as a reader would.
  const until = Date.now() + 30_000;
  while ((await ran.count()) === 0) {
    if (Date.now() > until) throw new Error(`the run of '${stepName}' is not in ${incidentId}'s Recent events`);
    await events.hover().catch(() => undefined);
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(250);
  }
  // Back to the top, where the incident rows are, for whatever comes next.
  await page.mouse.wheel(0, -10_000);
  await page.waitForTimeout(250);
}

/** Not counted: resolving, through the row's context menu, as a responder would at the end. */
export async function resolveFromRow(page, incidentId) {
  const row = incidentRow(page, incidentId);
  await row.click({ button: 'right' });
  const item = page.locator('.context-view .action-item', { hasText: 'Resolve Incident' }).first();
  await item.hover({ timeout: 15_000 });
  await item.click({ timeout: 15_000 });
  // A click that lands while the menu is still opening only highlights the item; Enter takes it then.
  const menu = page.locator('.context-view .monaco-menu');
  if (await menu.isVisible().catch(() => false)) {
    await page.waitForTimeout(300);
    if (await menu.isVisible().catch(() => false)) await page.keyboard.press('Enter');
  }
  const input = page.locator('.quick-input-widget:visible input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill('Rolled back the bad config.');
  await page.keyboard.press('Enter');
  // A Sev 0–2 incident with no external update since its last change asks for the
  // customers' all-clear, prefilled: accept it as written.
  const allClear = page.locator('.quick-input-widget:visible', { hasText: 'All-clear for customers' });
  if (await allClear.waitFor({ timeout: 10_000 }).then(() => true, () => false)) await page.keyboard.press('Enter');
}

/**
 * Flow 2: from a resolved incident to its retrospective open in an editor: expand
 * "Recently resolved", then the row's inline Write Retrospective.
 */
export async function openRetrospectiveOfResolved(page, { incidentId }) {
  // The resolve has landed once the incident's active row is gone (the tree then offers Declare).
  await tree(page).filter({ hasText: 'No active incidents' }).first().waitFor({ timeout: 30_000 });
  const count = actionCounter(page);
  const group = tree(page).filter({ hasText: 'Recently resolved' }).first();
  await group.waitFor({ timeout: 30_000 });
  if ((await group.getAttribute('aria-expanded')) !== 'true') await count.click(group, 'Recently resolved');
  // The first look fetches the list, then redraws the group with its count; VS Code
  // forgets the rows while it redraws them, so a click then would reach the command
  // without its incident. Wait, as a reader's eye would, for the count to show.
  await tree(page).filter({ hasText: /Recently resolved\s*\d+ · last/ }).first().waitFor({ timeout: 30_000 });
  // The only row naming it now is the one under "Recently resolved".
  const resolvedRow = incidentRow(page, incidentId);
  await resolvedRow.waitFor({ timeout: 30_000 });
  await count.click(await inlineAction(resolvedRow, 'Write Retrospective'), `${incidentId}'s Write Retrospective`);
  const slug = incidentId.toLowerCase();
  await page.locator('.tabs-container .tab', { hasText: new RegExp(`${slug}|${incidentId}`, 'i') }).first().waitFor({ timeout: 60_000 });
  if (count.count > GOALS.openRetrospective) throw new Error(`resolved → retrospective took ${count.count} actions (${count.actions.join(', ')}), the goal is ≤ ${GOALS.openRetrospective}`);
  return count.actions;
}
