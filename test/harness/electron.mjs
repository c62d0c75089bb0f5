// Launcher A: the same integration suites in desktop VS Code downloaded by
// @vscode/test-electron, for machines that can download it (INCIDENT_DESK_LAUNCHER=electron).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export async function runSuiteInElectron({ suite, root, testsEntry, workspace, runDir, env }) {
  const { runTests } = await import('@vscode/test-electron');
  const resultsFile = join(runDir, 'results.json');
  const launchArgs = [workspace, '--disable-extensions', `--user-data-dir=${join(runDir, 'user-data')}`];
  if (suite.trusted) launchArgs.push('--disable-workspace-trust');
  let exitCode = 0;
  try {
    exitCode = await runTests({
      version: process.env.INCIDENT_DESK_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: testsEntry,
      launchArgs,
      extensionTestsEnv: { ...env, INCIDENT_DESK_RESULTS_FILE: resultsFile, INCIDENT_DESK_TEST_SUITE: suite.name, INCIDENT_DESK_TEST_WORKSPACE: workspace },
    });
  } catch (error) {
    exitCode = 1;
    process.stderr.write(`${String(error)}\n`);
  }
  if (!existsSync(resultsFile)) return { passes: 0, failures: 1, pending: 0, failed: [{ title: `suite ${suite.name}`, error: `no results (exit ${exitCode})` }] };
  return JSON.parse(readFileSync(resultsFile, 'utf8'));
}
