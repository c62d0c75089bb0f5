import type { NewEvent, Severity } from '../core/incidents/model';
import { DEFAULT_ALERT_POLICY, type AlertNotification, type NotifiedAlert } from './integrations/alertNotification';
import type { Store } from './store/store';

/**
 * Realistic incidents for `serve --demo`: three active ones at different
 * severities and one resolved one with a full timeline, all timed relative to
 * now so the clocks in the sidebar look like a real shift. Service names match
 * the example runbooks (checkout-api, settings-web, data-exports, orders-db).
 * The checkout incident came from Alertmanager, as the receiver would have opened
 * it: its alerts are on it, and a second alert joins its group later.
 */

type Step =
  | { at: number; kind: 'event'; event: NewEvent }
  | { at: number; kind: 'patch'; author: string; patch: Parameters<Store['update']>[1] };

interface DemoIncident {
  minutesAgo: number;
  title: string;
  severity: Severity;
  services: string[];
  customers?: string[];
  tags?: string[];
  summary: string;
  author: string;
  steps: Step[];
  /** Opened by an alert group instead of a person: the alerts at declare, and those joining later. */
  alertGroup?: { groupKey: string; firing: NotifiedAlert[]; joining: { at: number; alert: NotifiedAlert }[] };
}

const demoAlert = (name: string, labels: Record<string, string>, summary: string, runbook: string): NotifiedAlert => ({
  fingerprint: `demo-${name.toLowerCase()}`,
  name,
  status: 'firing',
  labels: { alertname: name, ...labels },
  annotations: { summary, runbook_url: runbook },
  // Replaced by the declare time when seeded.
  startsAt: '',
  generatorUrl: `http://prometheus.example:9090/graph?g0.expr=${encodeURIComponent(`${name}`)}`,
});

const MINUTE = 60_000;

const event = (at: number, value: NewEvent): Step => ({ at, kind: 'event', event: value });
const patch = (at: number, author: string, value: Parameters<Store['update']>[1]): Step => ({ at, kind: 'patch', author, patch: value });

export const DEMO_INCIDENTS: readonly DemoIncident[] = [
  {
    minutesAgo: 38,
    title: 'Checkout API 5xx spike: POST /orders failing in us-east-1 and eu-west-1',
    severity: 2,
    // From the alerts (service labels; alert names as tags).
    services: ['checkout-api', 'orders-db'],
    summary: 'About 14% of checkout requests return 502 since the 09:41 deploy of checkout-api v2.31.0.',
    author: 'alertmanager',
    alertGroup: {
      groupKey: '{}:{team="checkout"}',
      firing: [
        demoAlert(
          'DeployErrorRateHigh',
          { severity: 'error', service: 'checkout-api', team: 'checkout', region: 'us-east-1' },
          'Checkout API 5xx above 5% since the last deploy',
          'https://github.com/acme/runbooks/blob/main/runbooks/rollback-bad-deploy.md',
        ),
      ],
      joining: [
        {
          at: 36,
          alert: demoAlert(
            'OrdersDbWriteErrors',
            { severity: 'warning', service: 'orders-db', team: 'checkout', region: 'us-east-1' },
            'orders-db rejects writes from checkout-api',
            'https://github.com/acme/runbooks/blob/main/runbooks/orders-db/failover.md',
          ),
        },
      ],
    },
    steps: [
      event(35, { type: 'check_in', author: 'maya.chen' }),
      patch(34, 'maya.chen', { roles: { commander: 'maya.chen', communications: 'sam.okafor' } }),
      event(31, { type: 'note', author: 'maya.chen', text: '5xx rate 14% on checkout-api; started 09:41, matches the v2.31.0 rollout.' }),
      patch(29, 'maya.chen', { severity: 1 }),
      event(28, { type: 'note', author: 'maya.chen', text: 'Raised to Sev 1: eu-west-1 shows the same error rate, so more than one region is affected.' }),
      event(22, {
        type: 'status_update',
        author: 'sam.okafor',
        audience: 'executive',
        conditions: 'About 1 in 7 checkouts fails in the US and EU since 09:41.',
        actions: 'Responders are rolling back the morning deploy of the checkout service.',
        needs: 'Nothing yet; next update at the top of the hour.',
      }),
      patch(18, 'maya.chen', { status: 'identified', roles: { technical: 'diego.ramos' } }),
      event(12, {
        type: 'runbook_step',
        author: 'diego.ramos',
        runbook: 'runbooks/checkout-api/rollback-deploy.md',
        step: 'check-rollout-history',
        exitCode: 0,
        durationMs: 1830,
        command: 'kubectl -n checkout rollout history deploy/checkout-api',
      }),
      event(9, {
        type: 'runbook_step',
        author: 'diego.ramos',
        runbook: 'runbooks/checkout-api/rollback-deploy.md',
        step: 'rollback',
        exitCode: 0,
        durationMs: 48210,
        command: 'kubectl -n checkout rollout undo deploy/checkout-api',
      }),
      event(4, { type: 'note', author: 'diego.ramos', text: 'Rollback done; 5xx rate down to 3% and falling. Watching for 15 minutes.' }),
    ],
  },
  {
    minutesAgo: 130,
    title: 'Settings page p99 latency burning its error budget',
    severity: 2,
    services: ['settings-web'],
    tags: ['slo', 'latency'],
    summary: 'p99 of GET /settings at 4.2 s against a 1.5 s objective; at this burn rate the 30-day budget is gone in about 5 hours.',
    author: 'slo-burn-alert',
    steps: [
      event(122, { type: 'check_in', author: 'li.wei' }),
      patch(121, 'li.wei', { roles: { commander: 'li.wei' } }),
      event(115, { type: 'note', author: 'li.wei', text: 'Burn rate 6x over the last hour; only the settings page, one region (us-east-1).' }),
      event(100, {
        type: 'status_update',
        author: 'li.wei',
        audience: 'technical',
        conditions: 'p99 4.2 s on GET /settings in us-east-1; p50 unaffected. Slow query on user_preferences since the index rebuild.',
        actions: 'Comparing query plans before and after the rebuild; preparing to re-create the composite index.',
        needs: 'A DBA to review the index migration.',
      }),
      patch(95, 'li.wei', { status: 'identified', roles: { smes: ['priya.dba'] } }),
      event(60, { type: 'note', author: 'priya.dba', text: 'Composite index re-created concurrently; p99 back to 1.9 s, still above objective.' }),
    ],
  },
  {
    minutesAgo: 55,
    title: 'Nightly data export to Northwind Traders delivered late',
    severity: 3,
    services: ['data-exports'],
    customers: ['Northwind Traders'],
    tags: ['customer-report', 'batch'],
    summary: 'The 06:00 UTC export file reached the customer SFTP at 07:40; their reporting job ran on stale data.',
    author: 'tom.becker',
    steps: [
      event(50, { type: 'check_in', author: 'tom.becker' }),
      event(45, { type: 'note', author: 'tom.becker', text: 'Export job waited 95 minutes for the warehouse snapshot lock.' }),
      patch(30, 'tom.becker', { status: 'monitoring' }),
      event(25, {
        type: 'status_update',
        author: 'tom.becker',
        audience: 'external',
        conditions: "Today's data file was delivered 100 minutes late.",
        actions: 'The file is complete and correct; we are making sure tomorrow’s delivery is on time.',
        needs: 'Please re-run your reporting job against the new file.',
      }),
    ],
  },
  {
    minutesAgo: 3 * 24 * 60 + 200,
    title: 'Orders DB primary failover caused write errors',
    severity: 2,
    services: ['orders-db', 'checkout-api'],
    tags: ['database', 'failover'],
    summary:
      'A storage stall on the orders-db primary triggered an automatic failover; writes failed for 11 minutes until ' +
      'checkout-api reconnected to the new primary. Contributing factors: stale DNS TTL, connection pool without health checks.',
    author: 'alertmanager',
    steps: [
      event(3 * 24 * 60 + 197, { type: 'check_in', author: 'ana.silva' }),
      patch(3 * 24 * 60 + 196, 'ana.silva', {
        roles: { commander: 'ana.silva', scribe: 'incident-bot', technical: 'ken.ito', smes: ['priya.dba'] },
      }),
      patch(3 * 24 * 60 + 193, 'ana.silva', { severity: 1 }),
      event(3 * 24 * 60 + 190, {
        type: 'status_update',
        author: 'ana.silva',
        audience: 'executive',
        conditions: 'Customers cannot place orders; about 40% of checkouts fail.',
        actions: 'The database switched to its standby; we are pointing the checkout service at it.',
        needs: 'No decisions needed yet.',
      }),
      event(3 * 24 * 60 + 186, {
        type: 'runbook_step',
        author: 'ken.ito',
        runbook: 'runbooks/orders-db/failover.md',
        step: 'confirm-new-primary',
        exitCode: 0,
        durationMs: 2400,
        command: './scripts/orders-db-status.sh --cluster orders-prod',
      }),
      patch(3 * 24 * 60 + 185, 'ken.ito', { status: 'identified' }),
      event(3 * 24 * 60 + 183, {
        type: 'runbook_step',
        author: 'ken.ito',
        runbook: 'runbooks/orders-db/failover.md',
        step: 'restart-connection-pools',
        exitCode: 0,
        durationMs: 61500,
        command: 'kubectl -n checkout rollout restart deploy/checkout-api',
      }),
      patch(3 * 24 * 60 + 180, 'ken.ito', { status: 'monitoring' }),
      event(3 * 24 * 60 + 170, { type: 'note', author: 'ken.ito', text: 'Write error rate back to 0 for 10 minutes.' }),
      patch(3 * 24 * 60 + 150, 'ana.silva', { status: 'resolved' }),
    ],
  },
];

/** Seeds the demo incidents into an empty store; a store that has incidents is left alone. */
/**
 * Every demo write carries an idempotency key of its place in the script, so replicas
 * that start with `--demo` on one empty database at the same moment write each
 * incident and step once: the later writer gets the first one's result back. (The
 * alert-opened incident is already idempotent: a repeated notification is nothing new.)
 */
const seedKey = (incident: number, step: string) => ({ idempotency: { key: `demo-seed/v1/${incident}/${step}`, fingerprint: `demo-seed/v1/${incident}/${step}` } });

export async function seedDemo(store: Store, now: Date = new Date()): Promise<boolean> {
  if ((await store.listIncidents('all')).length > 0) return false;
  const ago = (minutes: number): string => new Date(now.getTime() - minutes * MINUTE).toISOString();
  for (const [index, demo] of DEMO_INCIDENTS.entries()) {
    const incident = demo.alertGroup ? await declareFromAlerts(store, demo, ago) : await declareByHand(store, demo, ago, index);
    for (const [stepIndex, step] of demo.steps.entries()) {
      const once = seedKey(index, `step-${stepIndex}`);
      if (step.kind === 'event') await store.appendEvent(incident.id, step.event, { at: ago(step.at), ...once });
      else await store.update(incident.id, step.patch, { author: step.author, at: ago(step.at), ...once });
    }
  }
  return true;
}

async function declareByHand(store: Store, demo: DemoIncident, ago: (minutes: number) => string, index: number): Promise<{ id: string }> {
  const { value } = await store.declare(
      {
        title: demo.title,
        severity: demo.severity,
        services: demo.services,
        customers: demo.customers ?? [],
        tags: demo.tags ?? [],
        summary: demo.summary,
        author: demo.author,
      },
      { at: ago(demo.minutesAgo), ...seedKey(index, 'declare') },
    );
  return value;
}

/** Through the receiver's own rules, so the demo shows what an Alertmanager-opened incident really looks like. */
async function declareFromAlerts(store: Store, demo: DemoIncident, ago: (minutes: number) => string): Promise<{ id: string }> {
  const group = demo.alertGroup!;
  const at = (minutes: number) => ({ author: demo.author, policy: DEFAULT_ALERT_POLICY, at: ago(minutes) });
  const started = (alert: NotifiedAlert, minutes: number): NotifiedAlert => ({ ...alert, startsAt: ago(minutes) });
  const notification = (alerts: NotifiedAlert[]): AlertNotification => ({
    source: 'alertmanager',
    groupKey: group.groupKey,
    externalUrl: 'http://alertmanager.example:9093',
    // Alertmanager's template would say this; the demo's title and summary are the incident's.
    commonAnnotations: { summary: demo.title, description: demo.summary },
    alerts,
  });
  const firing = group.firing.map((alert) => started(alert, demo.minutesAgo));
  const receipt = await store.receiveAlerts(notification(firing), at(demo.minutesAgo));
  if (receipt.incidentId === null) throw new Error('internal: the demo alert group opened no incident');
  for (const join of group.joining) {
    firing.push(started(join.alert, join.at));
    await store.receiveAlerts(notification([...firing]), at(join.at));
  }
  return { id: receipt.incidentId };
}
