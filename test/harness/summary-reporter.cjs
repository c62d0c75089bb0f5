// Mocha's spec reporter plus a machine-readable summary for the test driver:
// when INCIDENT_DESK_RESULTS_FILE is set, the counts and failures are written there.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test, error) => {
      failures.push({ title: test.fullTitle(), error: String(error && (error.stack || error.message || error)) });
    });
    runner.once('end', () => {
      const file = process.env.INCIDENT_DESK_RESULTS_FILE;
      if (!file) return;
      const { passes, failures: failed, pending, tests } = this.stats;
      writeFileSync(file, JSON.stringify({ passes, failures: failed, pending, tests, failed: failures }, null, 2));
    });
  }
}

module.exports = SummaryReporter;
