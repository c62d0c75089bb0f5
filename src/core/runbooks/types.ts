/**
 * The parsed shape of a runbook: a markdown file in the team's repo whose fenced
 * shell blocks are steps. Produced by `parseRunbook` (parse.ts); read by the lint,
 * the command line and the editor (CodeLens, Runbooks view). Plain data only.
 *
 * Line numbers are 0-based everywhere, as in the editor API.
 */

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface RunbookDiagnostic {
  severity: DiagnosticSeverity;
  /** Stable machine-readable code, e.g. `unclosed-fence`, `undeclared-param`. */
  code: string;
  message: string;
  /** 0-based line the problem starts on. */
  line: number;
  /** 0-based last line (inclusive) when the problem spans several lines. */
  endLine?: number;
}

export interface ParamSpec {
  description?: string;
  /** Always a string: it becomes an environment variable. */
  default?: string;
  /** Asked for without echo; never shown, logged or recorded. */
  secret: boolean;
}

export interface RunbookFrontMatter {
  title?: string;
  services: string[];
  alerts: string[];
  owner?: string;
  /** `YYYY-MM-DD`, a real calendar date. */
  lastReviewed?: string;
  /** Keyed by environment variable name, in declaration order. */
  params: Record<string, ParamSpec>;
  /** Runme: the shell steps run in (bash when absent). */
  shell?: string;
  /** Runme: the folder steps run in, relative to the runbook's folder (inside the repository). */
  cwd?: string;
  /** Runme: never ask for `export X=placeholder` values; the lines run as written. */
  skipPrompts?: boolean;
}

/**
 * Attributes after the fence language, Runme-style: `{ name=apply confirm=true }`.
 * Values are data: nothing here is ever evaluated or put into a command line.
 */
export interface StepAttributes {
  name?: string;
  confirm?: boolean;
  /** Seconds. */
  timeout?: number;
  /** Relative to the runbook's folder; the runner refuses it if it leaves the repo. */
  cwd?: string;
  interactive?: boolean;
  excludeFromRunAll?: boolean;
  /** Runme: start the step and go on without waiting (a server, a port-forward); stopped when the run ends. */
  background?: boolean;
  /** Runme: whether `export X=placeholder` lines ask for X ('auto', the default, asks only when X is unset). */
  promptEnv?: 'always' | 'never' | 'auto';
  /** Runme: the program that runs the step's script (given as a file), e.g. python3. */
  interpreter?: string;
  /** Every other attribute, kept verbatim (Runme has more than we use). */
  unknown: Record<string, string>;
}

export interface LineRange {
  /** 0-based line of the opening fence. */
  startLine: number;
  /** 0-based line of the closing fence (or the last line of an unclosed one), inclusive. */
  endLine: number;
}

export interface RunbookStep {
  /** Position among all fenced blocks of the file, 0-based. */
  index: number;
  /** Unique within the runbook: the `name` attribute, else a slug of the nearest heading. */
  name: string;
  /** The name Runme gives a step without a `name` attribute (from its first command), so `--step` takes either. */
  derivedName?: string;
  /** Texts of the enclosing headings, outermost first. */
  headingPath: string[];
  /** Lower-cased first word of the info string; '' when none. */
  language: string;
  /** True for shell languages (see RUNNABLE_LANGUAGES); other fences are shown, never run. */
  runnable: boolean;
  attributes: StepAttributes;
  /** The fence content as written (indentation of the fence removed, final newline kept). */
  body: string;
  /** What runs: the body for shell languages, prompts stripped and output dropped for
   *  `console`; '' for fences that are not runnable. No trailing newline. */
  commands: string;
  range: LineRange;
  /** False when the fence has no closing marker (it then runs to the end of its container). */
  closed: boolean;
}

export interface ParsedRunbook {
  /** Undefined when the file has no front matter or it could not be read as plain YAML. */
  frontMatter: RunbookFrontMatter | undefined;
  steps: RunbookStep[];
  /** Structural problems found while parsing (front matter, fences, attributes). */
  diagnostics: RunbookDiagnostic[];
}
