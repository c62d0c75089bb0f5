import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ExecutionRecord } from '../core/runbooks/executionRecord';

/**
 * The append-only JSONL log of step runs (`.incident-desk/executions.jsonl` by
 * default). One record is one line, appended with one write on a file opened for
 * appending, so concurrent writers (the editor and a terminal) interleave whole lines.
 */
export async function appendExecutionRecord(file: string, record: ExecutionRecord): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'a+', 0o600);
  try {
    // A line cut short by a crash must not swallow the next record.
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    const line = Buffer.from(`${prefix}${JSON.stringify(recordFields(record))}\n`, 'utf8');
    const { bytesWritten } = await handle.write(line, 0, line.length);
    if (bytesWritten !== line.length) {
      throw new Error(`Wrote only ${bytesWritten} of ${line.length} bytes to ${file}.`);
    }
  } finally {
    await handle.close();
  }
}

/** Only the record's own fields, in a fixed order: nothing else a caller attached can reach the file. */
function recordFields(record: ExecutionRecord): ExecutionRecord {
  const fields: ExecutionRecord = {
    ...(record.runId !== undefined ? { runId: record.runId } : {}),
    runbook: record.runbook,
    step: record.step,
    stepIndex: record.stepIndex,
    command: record.command,
    startedAt: record.startedAt,
    durationMs: record.durationMs,
    exitCode: record.exitCode,
    user: record.user,
  };
  if (record.incidentId !== undefined) fields.incidentId = record.incidentId;
  return fields;
}
