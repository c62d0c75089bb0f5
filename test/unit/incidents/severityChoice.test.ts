import * as assert from 'node:assert/strict';
import { DECLARE_DEFAULT_SEVERITY, initialSeverity } from '../../../src/core/incidents/severityChoice';

describe('incidents: where the severity picker starts', () => {
  it('starts a declaration on a minor severity, never on Sev 0 or 1, so an early Enter pages no one', () => {
    assert.equal(initialSeverity(), 3);
    assert.ok(DECLARE_DEFAULT_SEVERITY > 1);
  });

  it('starts a severity change on the current severity, so Enter changes nothing', () => {
    assert.equal(initialSeverity(0), 0);
    assert.equal(initialSeverity(2), 2);
  });
});
