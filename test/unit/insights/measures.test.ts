import * as assert from 'node:assert/strict';
import { computeInsights } from '../../../src/core/insights/computeInsights';
import { factorsFromSection, normaliseFactor } from '../../../src/core/insights/contributingFactors';
import { isoWeekOf, isValidTimeZone, localParts, offHoursOf, parseWorkingHours } from '../../../src/core/insights/localTime';
import { percentile } from '../../../src/core/insights/stats';
import { retrospectiveFacts } from '../../../src/core/insights/retrospectiveFacts';
import { parseRetrospective } from '../../../src/core/retrospectives/parse';
import { incident, input, retro } from './fixtures';

const HOURS = { startMinute: 9 * 60, endMinute: 18 * 60 };

describe('insights measures', () => {
  describe('time in the policy time zone', () => {
    it('reads nights and weekends in local time across the end of summer time (Europe/Berlin, 2026-10-25)', () => {
      // 07:30 UTC is 09:30 in summer time (UTC+2) but 08:30 after the change (UTC+1).
      assert.equal(offHoursOf(Date.parse('2026-10-23T07:30:00Z'), 'Europe/Berlin', HOURS), 'working');
      assert.equal(offHoursOf(Date.parse('2026-10-26T07:30:00Z'), 'Europe/Berlin', HOURS), 'night');
      // 16:30 UTC: 18:30 local before (a night), 17:30 local after (working).
      assert.equal(offHoursOf(Date.parse('2026-10-23T16:30:00Z'), 'Europe/Berlin', HOURS), 'night');
      assert.equal(offHoursOf(Date.parse('2026-10-26T16:30:00Z'), 'Europe/Berlin', HOURS), 'working');
      // The night of the change itself: 01:30 UTC on Sunday is 02:30 local, a weekend.
      assert.equal(offHoursOf(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Berlin', HOURS), 'weekend');
    });

    it('counts a Saturday night as a weekend only, and a Friday 22:30 UTC as Saturday in Berlin', () => {
      assert.equal(offHoursOf(Date.parse('2026-11-07T23:00:00Z'), 'Europe/Berlin', HOURS), 'weekend'); // Sun 00:00
      assert.equal(offHoursOf(Date.parse('2026-11-06T23:30:00Z'), 'Europe/Berlin', HOURS), 'weekend'); // Sat 00:30
      assert.equal(offHoursOf(Date.parse('2026-11-06T23:30:00Z'), 'UTC', HOURS), 'night'); // Fri 23:30
      assert.equal(offHoursOf(Date.parse('2026-11-08T23:30:00Z'), 'Europe/Berlin', HOURS), 'night'); // Mon 00:30
    });

    it('finds ISO weeks, including week 53 and the turn of the year', () => {
      assert.equal(isoWeekOf({ year: 2026, month: 11, day: 29 }), '2026-W48');
      assert.equal(isoWeekOf({ year: 2026, month: 11, day: 30 }), '2026-W49');
      assert.equal(isoWeekOf({ year: 2027, month: 1, day: 1 }), '2026-W53');
      assert.equal(isoWeekOf({ year: 2027, month: 1, day: 4 }), '2027-W01');
      assert.equal(isoWeekOf({ year: 2024, month: 12, day: 30 }), '2025-W01');
      assert.deepEqual(localParts(Date.parse('2026-12-31T23:30:00Z'), 'Europe/Berlin'), { year: 2027, month: 1, day: 1, hour: 0, minute: 30, isoWeekday: 5 });
    });

    it('agrees with Intl at every 7 minutes of 2026 around DST changes, in zones with odd offsets too', () => {
      const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC'];
      const days = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01', '2026-07-01'];
      for (const timeZone of zones) {
        const intl = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
        for (const day of days) {
          for (let t = Date.parse(`${day}T00:00:00Z`) - 86_400_000; t < Date.parse(`${day}T00:00:00Z`) + 2 * 86_400_000; t += 7 * 60_000) {
            const p = Object.fromEntries(intl.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
            const mine = localParts(t, timeZone);
            const expected = `${p.year}-${p.month}-${p.day} ${Number(p.hour) % 24}:${Number(p.minute)} ${p.weekday}`;
            const got = `${mine.year}-${mine.month}-${mine.day} ${mine.hour}:${mine.minute} ${['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][mine.isoWeekday]}`;
            if (got !== expected) assert.fail(`${timeZone} ${new Date(t).toISOString()}: ${got} ≠ ${expected}`);
          }
        }
      }
    });

    it('validates time zones and working hours', () => {
      assert.equal(isValidTimeZone('America/New_York'), true);
      assert.equal(isValidTimeZone('UTC'), true);
      assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
      assert.deepEqual(parseWorkingHours('08:30-17:00'), { startMinute: 510, endMinute: 1020 });
      assert.equal(parseWorkingHours('18:00-09:00'), undefined);
      assert.equal(parseWorkingHours('9-5'), undefined);
      assert.equal(parseWorkingHours('09:00-25:00'), undefined);
    });
  });

  it('interpolates percentiles linearly between closest ranks', () => {
    assert.equal(percentile([240, 60, 180, 120], 0.5), 150);
    assert.equal(percentile([60, 120, 180, 240], 0.9), 222);
    assert.equal(percentile([5], 0.9), 5);
    assert.equal(percentile([], 0.5), undefined);
  });

  it('counts incidents declared in [since, until) by severity, service and ISO week (local time)', () => {
    const { report, trace } = computeInsights(
      input({
        incidents: [
          incident('INC-1', '2026-10-01T00:00:00Z', { severity: 1, services: ['checkout-api'] }), // at since: in
          incident('INC-2', '2026-11-29T22:59:59Z', { severity: 2, services: ['checkout-api', 'search'] }), // Sun 23:59 Berlin: W48
          incident('INC-3', '2026-11-29T23:00:00Z', { severity: 2 }), // Mon 00:00 Berlin: W49
          incident('INC-4', '2026-12-01T00:00:00Z', { severity: 0 }), // at until: out
          incident('INC-5', '2026-09-30T23:59:59Z', { severity: 0 }), // before since: out
        ],
      }),
    );
    assert.equal(report.incidents.total, 3);
    assert.deepEqual(report.incidents.bySeverity, { 0: 0, 1: 1, 2: 2, 3: 0, 4: 0 });
    assert.deepEqual(report.incidents.byService, { 'checkout-api': 2, search: 1 });
    const weeks = Object.fromEntries(report.incidents.byWeek.map((w) => [w.week, w.bySeverity['2']]));
    assert.equal(weeks['2026-W48'], 1);
    assert.equal(weeks['2026-W49'], 1);
    assert.equal(report.incidents.byWeek[0]?.week, '2026-W40');
    assert.deepEqual(trace['service:checkout-api'], ['INC-1', 'INC-2']);
    assert.deepEqual(trace['week:2026-W49:2'], ['INC-3']);
  });

  it('measures time to action per severity with the share within the KPI, the boundary included', () => {
    const { report } = computeInsights(
      input({
        incidents: [
          incident('INC-1', '2026-11-02T10:00:00Z', { severity: 1, checkInS: 1800 }), // exactly the KPI: within
          incident('INC-2', '2026-11-03T10:00:00Z', { severity: 1, checkInS: 1801 }), // one second over
          incident('INC-3', '2026-11-04T10:00:00Z', { severity: 1, checkInS: 60 }),
          incident('INC-4', '2026-11-05T10:00:00Z', { severity: 1, checkInS: 120 }),
          incident('INC-5', '2026-11-06T10:00:00Z', { severity: 1 }), // nobody checked in: not measured
          incident('INC-6', '2026-11-06T11:00:00Z', { severity: 3, checkInS: 600 }),
        ],
      }),
    );
    assert.deepEqual(report.timeToAction['1'], { count: 4, medianS: 960, p90S: 1800.7, kpiS: 1800, withinKpi: 0.75 });
    assert.deepEqual(report.timeToAction['3'], { count: 1, medianS: 600, p90S: 600, kpiS: null, withinKpi: null });
    assert.deepEqual(report.timeToAction['0'], { count: 0, medianS: null, p90S: null, kpiS: 300, withinKpi: null });
  });

  it('measures time to resolve and DORA time to restore over resolved incidents only', () => {
    const { report } = computeInsights(
      input({
        incidents: [
          incident('INC-1', '2026-11-02T10:00:00Z', { severity: 1, resolveS: 3600 }),
          incident('INC-2', '2026-11-03T10:00:00Z', { severity: 1, resolveS: 7200 }),
          incident('INC-3', '2026-11-04T10:00:00Z', { severity: 2, resolveS: 600 }),
          incident('INC-4', '2026-11-05T10:00:00Z', { severity: 2 }),
        ],
      }),
    );
    assert.deepEqual(report.timeToResolve['1'], { count: 2, medianS: 5400, p90S: 6840 });
    assert.deepEqual(report.timeToResolve['2'], { count: 1, medianS: 600, p90S: 600 });
    assert.equal(report.dora.timeToRestoreMedianS, 3600);
  });

  it('finds contributing factors that repeat in two or more retrospectives, normalised', () => {
    assert.equal(normaliseFactor('  Cache   Stampede. '), 'cache stampede');
    assert.equal(normaliseFactor('#cache_stampede'), 'cache stampede');
    assert.deepEqual(factorsFromSection('Some prose.\n- **Cache stampede**\n- Missing alert on lag\n'), ['Cache stampede', 'Missing alert on lag']);
    const { report, trace } = computeInsights(
      input({
        incidents: [incident('INC-1', '2026-11-02T10:00:00Z'), incident('INC-7', '2026-11-09T10:00:00Z'), incident('INC-9', '2026-11-10T10:00:00Z')],
        retrospectives: [
          retro('INC-1', '2026-11-02T10:00:00Z', { contributing_factors: ['Cache stampede', 'cache stampede.'] }),
          retro('INC-7', '2026-11-09T10:00:00Z', {}, { factors: ['cache  stampede'] }),
          retro('INC-9', '2026-11-10T10:00:00Z', { contributing_factors: ['DNS TTL too long'] }),
          // Outside the window: does not count.
          retro('INC-0', '2026-01-01T10:00:00Z', { contributing_factors: ['DNS TTL too long'] }),
        ],
      }),
    );
    assert.deepEqual(report.contributingFactors, [{ factor: 'cache stampede', incidents: ['INC-1', 'INC-7'] }]);
    assert.deepEqual(trace['factor:cache stampede'], ['INC-1', 'INC-7']);
  });

  it('counts follow-ups total, done (ticked or issue closed), open and overdue, per owner', () => {
    const { report } = computeInsights(
      input({
        nowMs: Date.parse('2026-12-01T12:00:00Z'),
        issueStates: new Map([[12, 'closed' as const]]),
        incidents: [incident('INC-1', '2026-11-02T10:00:00Z')],
        retrospectives: [
          retro('INC-1', '2026-11-02T10:00:00Z', {}, {
            followUps: [
              { owner: '@alice', due: '2026-11-30', done: false }, // overdue
              { owner: '@alice', due: '2026-12-01', done: false }, // due today: open, not overdue
              { owner: '@bob', due: '2026-11-01', done: true },
              { owner: 'Platform team', due: '2026-11-01', done: false, issue: 12 }, // issue closed: done
            ],
          }),
        ],
      }),
    );
    assert.deepEqual(report.followUps, { total: 4, done: 2, open: 2, overdue: 1, byOwner: { alice: { open: 2, overdue: 1 }, 'Platform team': { open: 0, overdue: 0 }, bob: { open: 0, overdue: 0 } } });
  });

  it('measures on-call load: incidents with a role, role hours while active, nights and weekends apart', () => {
    const { report, trace } = computeInsights(
      input({
        nowMs: Date.parse('2026-11-20T12:00:00Z'),
        incidents: [
          // Monday 10:00 Berlin: maya commands for the whole 2 h; li is technical from 0.5 h to the end.
          incident('INC-1', '2026-11-02T09:00:00Z', {
            resolveS: 7200,
            roles: [
              { role: 'commander', who: 'maya.chen', atS: 0 },
              { role: 'technical', who: 'li', atS: 1800 },
              { role: 'sme', who: 'maya.chen', atS: 600 }, // overlaps her command: counted once
            ],
          }),
          // Saturday 23:00 Berlin: weekend, never a night.
          incident('INC-2', '2026-11-07T22:00:00Z', { resolveS: 3600, roles: [{ role: 'commander', who: 'maya.chen', atS: 0 }, { role: 'commander', who: 'li', atS: 1800 }] }),
          // Friday 12:00 Berlin, still active at now (13:00 Berlin): 1 h so far.
          incident('INC-3', '2026-11-20T11:00:00Z', { roles: [{ role: 'commander', who: 'li', atS: 0 }] }),
        ],
      }),
    );
    assert.deepEqual(report.onCallLoad, [
      { person: 'li', incidents: 3, roleHours: 1.5 + 0.5 + 1, nightIncidents: 0, weekendIncidents: 1 },
      { person: 'maya.chen', incidents: 2, roleHours: 2 + 0.5, nightIncidents: 0, weekendIncidents: 1 },
    ]);
    assert.deepEqual(trace['person:li:weekend'], ['INC-2']);
  });

  it('counts night incidents on weekdays outside working hours in the policy time zone', () => {
    const { report } = computeInsights(
      input({
        incidents: [
          incident('INC-1', '2026-11-04T01:00:00Z', { roles: [{ role: 'commander', who: 'ana', atS: 0 }], resolveS: 60 }), // Wed 02:00 Berlin
          incident('INC-2', '2026-11-04T16:59:00Z', { roles: [{ role: 'commander', who: 'ana', atS: 0 }], resolveS: 60 }), // 17:59: working
          incident('INC-3', '2026-11-04T17:00:00Z', { roles: [{ role: 'commander', who: 'ana', atS: 0 }], resolveS: 60 }), // 18:00: night
        ],
      }),
    );
    assert.equal(report.onCallLoad[0]?.nightIncidents, 2);
    assert.equal(report.onCallLoad[0]?.weekendIncidents, 0);
  });

  it('computes the change failure rate from deploys that shipped a trigger commit (prefixes match)', () => {
    const sha = (c: string): string => c.repeat(40);
    const { report, trace } = computeInsights(
      input({
        incidents: [incident('INC-42', '2026-11-03T10:00:00Z')],
        retrospectives: [retro('INC-42', '2026-11-03T10:00:00Z', { trigger_commits: ['bbbbbbbb'] })],
        deploys: [
          { name: 'v1.0.0', atMs: Date.parse('2026-09-01T00:00:00Z'), commits: [sha('b')] }, // before the window
          { name: 'v1.1.0', atMs: Date.parse('2026-11-01T00:00:00Z'), commits: [sha('a')] },
          { name: 'v1.2.0', atMs: Date.parse('2026-11-02T00:00:00Z'), commits: [sha('c'), sha('b')] },
          { name: 'v1.3.0', atMs: Date.parse('2026-11-04T00:00:00Z'), commits: [sha('d')] },
          { name: 'v1.4.0', atMs: Date.parse('2026-11-05T00:00:00Z'), commits: [sha('e')] },
        ],
      }),
    );
    assert.equal(report.dora.changeFailureRate, 0.25);
    assert.deepEqual(trace['deploy:v1.2.0'], ['INC-42']);
    assert.equal(computeInsights(input()).report.dora.changeFailureRate, null);
  });

  it('counts an incident only a retrospective knows, and fills a backend incident from its retrospective', () => {
    const { report } = computeInsights(
      input({
        incidents: [incident('INC-1', '2026-11-02T10:00:00Z', { services: ['api'] })],
        retrospectives: [
          retro('INC-1', '2026-11-02T10:00:00Z', { customers: ['acme'], services: ['db'] }),
          retro('INC-2', '2026-11-05T10:00:00Z', { severity: 0, resolved_at: '2026-11-05T11:00:00Z', time_to_action_s: 240, roles: { commander: 'ana', smes: [] } }),
        ],
      }),
    );
    assert.equal(report.incidents.total, 2);
    assert.deepEqual(report.incidents.byService, { api: 1, db: 1 });
    assert.deepEqual(report.incidents.byCustomer, { acme: 1 });
    assert.deepEqual(report.timeToAction['0'], { count: 1, medianS: 240, p90S: 240, kpiS: 300, withinKpi: 1 });
    assert.deepEqual(report.onCallLoad, [{ person: 'ana', incidents: 1, roleHours: 1, nightIncidents: 0, weekendIncidents: 0 }]);
  });
});

describe('insights: reading a retrospective', () => {
  it('reads what the full parser reads: front matter, factors and follow-ups, not code blocks or comments', () => {
    const text = [
      '---', 'id: INC-5', 'title: T', 'severity: 2', 'declared_at: 2026-11-01T10:00:00Z', 'contributing_factors: [Cache stampede]', 'trigger_commits: [abcdef1]', '---', '',
      '## Contributing factors', '', '- DNS TTL too long', '```', '- not a factor', '```', '<!--', '- nor this', '-->', '### Detail', '- Retry storm',
      '## Follow-up actions', '', '- [ ] TTL floor — @alice, due 2026-12-01', '- [x] Alert — @bob, due 2026-11-20 (#12)', '',
      '## Narrative', '', '- [ ] not a follow-up — @x, due 2026-12-01', '',
    ].join('\n');
    const facts = retrospectiveFacts('retrospectives/x.md', text);
    assert.ok(facts);
    assert.deepEqual(facts.contributingFactors, ['Cache stampede', 'DNS TTL too long', 'Retry storm']);
    assert.deepEqual(facts.followUps, parseRetrospective(text).followUps);
    assert.equal(facts.followUps.length, 2);
    assert.deepEqual(facts.frontMatter.trigger_commits, ['abcdef1']);
    assert.equal(retrospectiveFacts('x.md', '# no front matter\n'), undefined);
  });
});
