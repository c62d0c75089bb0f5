import type {
  ExecutionSink,
  IncidentLink,
  ParamSource,
  RunAsker,
  RunIdentity,
  StepContext,
  StepExecutor,
  StepFolders,
  StepResult,
} from '../../src/app/runbooks/ports';
import type { RunSessionPorts } from '../../src/app/runbooks/runSession';
import type { NewEvent } from '../../src/core/incidents/model';
import type { ExecutionRecord } from '../../src/core/runbooks/executionRecord';
import type { RunbookStep } from '../../src/core/runbooks/types';

/**
 * In-memory ports for the run session: every step "runs" instantly with the exit
 * code the test gives it, every question is answered from a script, and every
 * record and timeline post is kept for the test to read.
 */

export class FakeExecutor implements StepExecutor {
  readonly executed: { step: string; context: StepContext }[] = [];
  constructor(private readonly exitCodes: Readonly<Record<string, number | null>> = {}) {}

  async execute(step: RunbookStep, context: StepContext): Promise<StepResult> {
    this.executed.push({ step: step.name, context });
    const exitCode = Object.hasOwn(this.exitCodes, step.name) ? (this.exitCodes[step.name] ?? null) : 0;
    return { exitCode, startedAt: new Date(Date.UTC(2026, 10, 1, 10, 0, this.executed.length)), durationMs: 1200 };
  }
}

export interface AskerScript {
  interactive?: boolean;
  plan?: boolean;
  /** Per step name; a step not named is confirmed. */
  steps?: Record<string, boolean>;
  continueAfterUnknown?: boolean;
}

export class ScriptedAsker implements RunAsker {
  readonly asked: string[] = [];
  readonly interactive: boolean;
  constructor(private readonly script: AskerScript = {}) {
    this.interactive = script.interactive ?? true;
  }
  async confirmPlan(): Promise<boolean> {
    this.asked.push('plan');
    return this.script.plan ?? true;
  }
  async confirmStep(step: RunbookStep): Promise<boolean> {
    this.asked.push(`step ${step.name}`);
    return this.script.steps?.[step.name] ?? true;
  }
  async continueAfterUnknown(step: RunbookStep): Promise<boolean> {
    this.asked.push(`unknown ${step.name}`);
    return this.script.continueAfterUnknown ?? false;
  }
}

export class MemorySink implements ExecutionSink {
  readonly records: ExecutionRecord[] = [];
  async append(record: ExecutionRecord): Promise<void> {
    this.records.push(record);
  }
}

export class MemoryIncident implements IncidentLink {
  readonly posted: { incidentId: string; event: Extract<NewEvent, { type: 'runbook_step' }> }[] = [];
  constructor(private readonly current: string | undefined) {}
  currentIncidentId(): string | undefined {
    return this.current;
  }
  post(incidentId: string, event: Extract<NewEvent, { type: 'runbook_step' }>): void {
    this.posted.push({ incidentId, event });
  }
}

/** Param values as if the person typed them; undefined: the person cancels. */
export function givenParams(values: Record<string, string> | undefined): ParamSource {
  return { valuesFor: async () => (values ? { ok: true, values } : { ok: false, missing: [] }) };
}

export const everyStepHere: StepFolders = { folderFor: async () => '/repo/runbooks' };

export function sequentialIds(): RunIdentity {
  let n = 0;
  return { userName: async () => 'maya', newRunId: () => `run-${++n}` };
}

export interface SessionFakes {
  executor: FakeExecutor;
  asker: ScriptedAsker;
  sink: MemorySink;
  incident: MemoryIncident;
  ports: RunSessionPorts<StepResult>;
}

export function sessionFakes(options: { exitCodes?: Record<string, number | null>; asker?: AskerScript; params?: Record<string, string> | undefined; incidentId?: string; folders?: StepFolders } = {}): SessionFakes {
  const executor = new FakeExecutor(options.exitCodes);
  const asker = new ScriptedAsker(options.asker);
  const sink = new MemorySink();
  const incident = new MemoryIncident(options.incidentId);
  const params = givenParams('params' in options ? options.params : {});
  return { executor, asker, sink, incident, ports: { executor, asker, params, folders: options.folders ?? everyStepHere, sink, incident, identity: sequentialIds() } };
}
