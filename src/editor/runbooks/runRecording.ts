import * as vscode from 'vscode';
import type { ExecutionSink, IncidentLink } from '../../app/runbooks/ports';
import type { IncidentRecorder } from '../shared/incidentServices';
import type { ExecutionLog } from './executionLog';
import { errorText } from '../platform/errorText';

/** The editor's execution log; a failed write is shown and the run goes on (the step has already run). */
export function editorExecutionSink(executionLog: ExecutionLog, log: vscode.LogOutputChannel): ExecutionSink {
  return {
    append: async (record) => {
      try {
        await executionLog.append(record);
      } catch (error) {
        log.error(`Runbooks: could not append to the execution log ${executionLog.uri.fsPath}: ${errorText(error)}`);
        void vscode.window.showErrorMessage(`Incident Desk could not record the run of step '${record.step}' in its execution log: ${errorText(error)}`);
      }
    },
  };
}

/** The window's current incident; the recorder sends at once or queues while offline. */
export function editorIncidentLink(recorder: IncidentRecorder, log: vscode.LogOutputChannel): IncidentLink {
  return {
    currentIncidentId: () => recorder.currentIncidentId,
    post: (incidentId, event) => {
      recorder.recordEvent(incidentId, event).then(
        (how) => log.info(`Runbooks: step '${event.step}' ${how === 'sent' ? 'posted to' : 'queued for'} the timeline of ${incidentId}.`),
        (error: unknown) => log.error(`Runbooks: could not add step '${event.step}' to the timeline of ${incidentId}: ${errorText(error)}`),
      );
    },
  };
}
