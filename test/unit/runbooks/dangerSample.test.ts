import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dangerFindings } from '../../../src/core/runbooks/danger';
import { DANGER_RULES } from '../../../src/core/runbooks/dangerRules';

const root = path.resolve(__dirname, '..', '..', '..', '..');
type Label = 'destructive' | 'state-changing' | 'read-only';

function sample(): { label: Label; command: string }[] {
  const text = fs.readFileSync(path.join(root, 'test', 'fixtures', 'danger', 'labelled-steps.tsv'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const tab = line.indexOf('\t');
      return { label: line.slice(0, tab) as Label, command: line.slice(tab + 1) };
    });
}

describe('danger detection on labelled real runbook steps', () => {
  it('meets the goals: ≥ 95% recall of destructive, ≥ 90% of state-changing, ≥ 95% precision', () => {
    const steps = sample();
    assert.ok(steps.length >= 200, `only ${steps.length} labelled steps`);
    const missed: string[] = [];
    const falseAlarms: string[] = [];
    const counts = { destructive: [0, 0], 'state-changing': [0, 0] } as Record<Exclude<Label, 'read-only'>, [number, number]>;
    let flagged = 0;
    let flaggedCorrectly = 0;
    for (const { label, command } of steps) {
      const asks = dangerFindings(command).length > 0;
      if (asks) flagged++;
      if (label === 'read-only') {
        if (asks) falseAlarms.push(command);
        continue;
      }
      counts[label][1]++;
      if (asks) {
        counts[label][0]++;
        flaggedCorrectly++;
      } else {
        missed.push(`${label}: ${command}`);
      }
    }
    const recall = (label: 'destructive' | 'state-changing') => counts[label][0] / counts[label][1];
    const precision = flaggedCorrectly / flagged;
    const summary = `destructive recall ${recall('destructive').toFixed(3)}, state-changing recall ${recall('state-changing').toFixed(3)}, precision ${precision.toFixed(3)}\nmissed:\n${missed.join('\n')}\nfalse alarms:\n${falseAlarms.join('\n')}`;
    assert.ok(recall('destructive') >= 0.95, summary);
    assert.ok(recall('state-changing') >= 0.9, summary);
    assert.ok(precision >= 0.95, summary);
  });

  it('catches every command the issue lists as missed, and none of its false alarms', () => {
    const missedBefore = [
      'systemctl stop kubelet', 'kill 1234', 'curl -X DELETE http://svc/x', 'curl -s https://x/install | bash', 'helm upgrade app ./chart', 'helm rollback app 3',
      'kubectl rollout undo deploy/app', 'docker rm old', 'knife node delete n1', 'consul kv delete k', 'etcdctl defrag', 'virtctl stop vm',
      'kubectl apply -f x.yaml', 'oc patch node n -p {}', 'kubectl edit cm x', 'oc create -f x.yaml', 'kubectl scale deploy x --replicas=1',
      'oc adm cordon n1', 'oc adm drain n1', 'curl -X POST http://svc/x', 'curl -X PUT -d @f http://svc/x',
      'psql -c "UPDATE t SET a = 1"', 'mysql -e "ALTER TABLE t ADD c int"', 'psql -c "DELETE FROM t"', 'mysql -e "DROP TABLE t"', 'terraform apply',
    ];
    for (const command of missedBefore) assert.ok(dangerFindings(command).length > 0, command);
    for (const command of ['kubectl auth can-i delete pods', '# kubectl delete pod x', 'grep "DROP TABLE" dump.sql', 'echo kubectl delete']) {
      assert.deepEqual(dangerFindings(command), [], command);
    }
  });

  it('keeps one table with a reason and a why for every rule', () => {
    for (const rule of DANGER_RULES) {
      assert.ok(rule.reason !== '' && rule.why !== '' && rule.programs.length > 0, JSON.stringify(rule.programs));
      assert.ok(rule.verbs !== undefined || rule.test !== undefined);
    }
  });
});
