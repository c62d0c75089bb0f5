import * as vscode from 'vscode';
import type { RunAsker } from '../../app/runbooks/ports';
import { describePlan } from '../../core/runbooks/runPlan';

/**
 * The run session's questions as modal dialogs: the whole plan once, the full
 * command of each step that asks first. `assumeYes` (tests, development) also
 * carries on past a step whose exit code is unknown.
 */
export function modalAsker(title: string, assumeYes: boolean): RunAsker {
  return {
    interactive: true,
    confirmPlan: async (plan) => {
      const go = `Run ${plan.steps.length} Step${plan.steps.length === 1 ? '' : 's'}`;
      const what = plan.mode === 'all' ? 'Run all steps' : `Run from step '${plan.steps[0]?.name ?? ''}'`;
      const choice = await vscode.window.showWarningMessage(
        `${what} of “${title}”? The run stops at the first step that does not exit 0.`,
        { modal: true, detail: describePlan(plan) },
        go,
      );
      return choice === go;
    },
    confirmStep: async (step, reasons) => {
      const run = 'Run';
      const choice = await vscode.window.showWarningMessage(
        `Run step '${step.name}' of “${title}”? It asks first because: ${reasons.join('; ')}. The full command:`,
        { modal: true, detail: step.commands },
        run,
      );
      return choice === run;
    },
    continueAfterUnknown: async (step) => {
      if (assumeYes) return true;
      const go = 'Continue';
      const choice = await vscode.window.showWarningMessage(
        `The exit code of step '${step.name}' is unknown (no shell integration). Check its terminal: continue with the next step?`,
        { modal: true },
        go,
      );
      return choice === go;
    },
  };
}
