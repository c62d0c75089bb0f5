import { appendExecutionRecord } from '../../runbooks/executionLog';
import type { ExecutionSink } from '../runbooks/ports';

/** Records go to the JSONL execution log at `file`, one line each. */
export function executionLogSink(file: string): ExecutionSink {
  return { append: (record) => appendExecutionRecord(file, record) };
}
