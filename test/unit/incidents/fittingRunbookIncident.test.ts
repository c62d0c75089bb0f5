import * as assert from 'node:assert/strict';
import { fittingRunbookSwitch } from '../../../src/core/incidents/fittingRunbookIncident';

describe('a runbook opened from an incident’s "Runbooks that fit"', () => {
  it('makes that incident current and says so when none was', () => {
    assert.deepEqual(fittingRunbookSwitch('INC-7', undefined), { message: 'Working on INC-7: runs of its fitting runbooks go on its timeline' });
  });

  it('names the incident it replaces, so a switch is never silent', () => {
    assert.match(fittingRunbookSwitch('INC-7', 'INC-3')?.message ?? '', /^Working on INC-7 \(was INC-3\)/);
  });

  it('changes nothing when the incident already is the current one', () => {
    assert.equal(fittingRunbookSwitch('INC-7', 'INC-7'), undefined);
  });
});
