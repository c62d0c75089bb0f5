import * as assert from 'node:assert/strict';
import { confirmationReasons, dangerReasons, needsConfirmation } from '../../../src/core/runbooks/danger';
import { parseRunbook } from '../../../src/core/runbooks/parse';

describe('dangerReasons', () => {
  const dangerous: [string, string][] = [
    ['rm -rf /tmp/x', 'rm -rf'],
    ['rm -fr build', 'rm -rf'],
    ['rm -r -f build', 'rm -rf'],
    ['sudo /bin/rm --recursive --force /var/lib/x', 'rm -rf'],
    ['find . -name "*.log" | xargs rm -Rf', 'rm -rf'],
    ['rm -r build', 'rm -r'],
    ['find /var/log -mtime +7 -delete', 'find -delete'],
    ['psql -c "DROP TABLE orders"', 'SQL DROP'],
    ['echo "drop database prod;" | mysql', 'SQL DROP'],
    ["psql -c 'truncate events'", 'TRUNCATE'],
    ['psql -c "delete  from users where 1=1"', 'SQL DELETE FROM'],
    ["mongosh --eval 'db.dropDatabase()'", 'MongoDB drop'],
    ['redis-cli FLUSHALL', 'Redis'],
    ['kubectl -n prod delete pod api-1', 'kubectl delete'],
    ['kubectl drain node-1', 'kubectl drain'],
    ['terraform destroy -auto-approve', 'terraform destroy'],
    ['terraform -chdir=infra apply', 'terraform apply'],
    ['terraform apply -destroy', 'terraform destroy'],
    ['git push --force origin main', 'git push --force'],
    ['git push -f', 'git push --force'],
    ['git push --force-with-lease', 'git push --force'],
    ['git push origin +main', 'git push --force'],
    ['git push origin :release', 'git push --delete'],
    ['git reset --hard HEAD~3', 'git reset --hard'],
    ['git clean -fdx', 'git clean -f'],
    ['helm uninstall checkout', 'helm uninstall'],
    ['dd if=/dev/zero of=/dev/sda bs=1M', 'dd of='],
    ['mkfs.ext4 /dev/sdb1', 'mkfs'],
    ['sudo shutdown -h now', 'shutdown/reboot'],
    ['ssh host reboot', 'shutdown/reboot'],
    ['aws ec2 terminate-instances --instance-ids i-1', 'aws delete/terminate'],
    ['aws rds delete-db-instance --db-instance-identifier x', 'aws delete/terminate'],
    ['aws s3 rm s3://bucket --recursive', 'aws s3 delete'],
    ['gcloud compute instances delete vm-1', 'cloud resource delete'],
    ['docker system prune -af', 'docker prune'],
    ['ls && \\\n  rm -rf dist', 'rm -rf'],
    ['x=$(kubectl delete ns tmp)', 'kubectl delete'],
    ['echo ok; (cd /tmp && rm -rf cache)', 'rm -rf'],
  ];
  for (const [command, expected] of dangerous) {
    it(`flags ${JSON.stringify(command)}`, () => {
      const reasons = dangerReasons(command);
      const keyword = (expected.split(' ')[0] ?? '').toLowerCase();
      assert.ok(reasons.some((r) => r.toLowerCase().includes(keyword)), `got ${JSON.stringify(reasons)}`);
    });
  }

  const harmless = [
    'ls -la',
    'rm file.txt',
    'rm -f stale.pid',
    'docker run --rm alpine echo hi',
    'kubectl get pods -n prod',
    'terraform plan',
    'git log --oneline -5',
    'git revert --no-edit abc123',
    'curl -fsS http://127.0.0.1:8080/healthz || true',
    'echo "dropped frames: 3"',
    'grep -c deleted audit.log',
    'helm status checkout',
  ];
  for (const command of harmless) {
    it(`leaves ${JSON.stringify(command)} alone`, () => {
      assert.deepEqual(dangerReasons(command), []);
    });
  }

  it('stays fast on a hostile megabyte', () => {
    const big = `${'kubectl '.repeat(60_000)}${'DELETE '.repeat(30_000)}${'rm -'.repeat(50_000)}`;
    assert.equal(dangerReasons(big).includes('kubectl delete'), false);
    assert.deepEqual(dangerReasons('DROP '.repeat(200_000)), []);
  });
});

describe('needsConfirmation', () => {
  const steps = parseRunbook(
    [
      '---',
      'confirm: false',
      '---',
      '```sh { name=plain }',
      'echo hi',
      '```',
      '```sh { name=marked confirm=true }',
      'echo hi',
      '```',
      '```sh { name=destructive confirm=false }',
      'kubectl delete pod x',
      '```',
    ].join('\n'),
  ).steps;

  it('asks for confirm=true and for destructive commands; confirm=false or front matter cannot switch it off', () => {
    assert.deepEqual(
      steps.map((s) => [s.name, needsConfirmation(s)]),
      [['plain', false], ['marked', true], ['destructive', true]],
    );
    assert.deepEqual(confirmationReasons(steps[1] ?? { attributes: { unknown: {} }, commands: '' }), ['marked confirm=true']);
    assert.deepEqual(confirmationReasons(steps[2] ?? { attributes: { unknown: {} }, commands: '' }), ['kubectl delete/drain/rollout undo']);
  });
});
