import { basename } from 'node:path';
import { parseExecutionLog, type ExecutionRecord } from '../../core/runbooks/executionRecord';
import type { FileSystem } from '../ports/fileSystem';
import type { ExecutionRecordSource } from './ports';

/** Records from JSONL execution logs; a missing log is empty, a line that is not a record is named in a warning. */
export function executionRecordsFromFiles(files: Pick<FileSystem, 'readText'>, paths: readonly string[]): ExecutionRecordSource {
  return {
    read: async () => {
      const records: ExecutionRecord[] = [];
      const warnings: string[] = [];
      for (const path of paths) {
        const text = await files.readText(path);
        if (text === undefined) continue;
        const parsed = parseExecutionLog(text);
        if (parsed.badLines.length > 0) {
          const shown = parsed.badLines.slice(0, 20).join(', ') + (parsed.badLines.length > 20 ? ', …' : '');
          warnings.push(`${basename(path)}: line(s) ${shown} are not execution records and were left out of the timeline.`);
        }
        records.push(...parsed.records);
      }
      return { records, warnings };
    },
  };
}
