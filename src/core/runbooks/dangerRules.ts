import { TOO_DEEP, type ShellCommand } from './shellSyntax';

/**
 * What makes a step ask first: ONE table, a row per kind of command, each with
 * why it is there. A row matches a simple command (from shellSyntax.ts, after
 * wrappers such as sudo, env, xargs, ssh, `kubectl exec --`, `sh -c` are
 * unwrapped — see danger.ts) by its program and the verb path after its options.
 *
 *   destructive     removes, stops or overwrites something that is hard to get back
 *   state-changing  changes a real system (a deploy, a scale, a write request)
 *
 * Both ask first; read-only commands (get, describe, logs, status, GET requests,
 * SELECT) never do. Verbs are matched as whole words at their place after the
 * options, so `kubectl auth can-i delete`, `grep "DROP TABLE"` and comments do not.
 */

export type DangerLevel = 'destructive' | 'state-changing';

export interface DangerRule {
  /** Program names, as the basename of the command's first word. */
  programs: readonly string[];
  /** Verb paths: a row matches when the command's verbs start with one of them. Absent: see `test`. */
  verbs?: readonly (readonly string[])[];
  /** For commands whose danger is in their flags or arguments. */
  test?: (command: Command) => boolean;
  level: DangerLevel;
  /** Shown to the person who is asked. */
  reason: string;
  /** Why the row exists (for readers of this table). */
  why: string;
}

/** A simple command as the rules see it. */
export interface Command {
  program: string;
  args: readonly string[];
  /** The positional words after options, lower-cased (options that take values skip their value). */
  verbs: readonly string[];
  source: ShellCommand;
}

const KUBE = ['kubectl', 'oc', 'kubecolor'];
const SQL_CLIENTS = ['psql', 'mysql', 'mariadb', 'sqlite3', 'sqlcmd', 'cockroach', 'clickhouse-client', 'clickhouse', 'cqlsh', 'snowsql', 'bq', 'duckdb'];

const has = (c: Command, ...flags: string[]) => c.args.some((a) => flags.includes(a) || flags.some((f) => f.startsWith('--') && a.startsWith(`${f}=`)));
const shortFlag = (c: Command, letter: string) => c.args.some((a) => /^-[A-Za-z]+$/.test(a) && a.includes(letter));
const recursive = (c: Command) => has(c, '--recursive') || shortFlag(c, 'r') || shortFlag(c, 'R');
const forced = (c: Command) => has(c, '--force') || shortFlag(c, 'f');
const valueOf = (c: Command, ...flags: string[]): string | undefined => {
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i] ?? '';
    for (const f of flags) {
      if (a === f) return c.args[i + 1];
      if (a.startsWith(`${f}=`)) return a.slice(f.length + 1);
      if (!f.startsWith('--') && a.startsWith(f) && a.length > f.length) return a.slice(f.length);
    }
  }
  return undefined;
};

export const SQL_DESTRUCTIVE = /\b(?:DROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW|USER|ROLE|COLLECTION|KEYSPACE)|TRUNCATE|DELETE\s+FROM)\b/i;
export const SQL_CHANGING = /\b(?:UPDATE\s+\S+\s+SET|ALTER\s+(?:TABLE|DATABASE|SYSTEM|USER|ROLE|INDEX)|INSERT\s+INTO|CREATE\s+(?:TABLE|INDEX|DATABASE|USER|ROLE)|GRANT|REVOKE|VACUUM\s+FULL|REINDEX|SELECT\s+pg_terminate_backend|SELECT\s+pg_cancel_backend|KILL\s+\d)\b/i;
const MONGO_DESTRUCTIVE = /\.(?:drop(?:Database)?|delete(?:Many|One)|remove)\s*\(/;
const MONGO_CHANGING = /\.(?:update(?:Many|One)?|insert(?:Many|One)?|replaceOne|createIndex|stepDown|reconfig)\s*\(|rs\.(?:stepDown|reconfig|remove|add)\s*\(/;

/** The SQL a client runs: its -c/-e/--command/-Q value, positional query, or its stdin. */
export function sqlOf(c: Command): string {
  const parts = [valueOf(c, '-c', '--command', '-e', '--execute', '-Q', '-q', '--query', '--eval') ?? ''];
  if (['sqlite3', 'duckdb', 'bq'].includes(c.program)) parts.push(...c.verbs.slice(1));
  parts.push(stdinOf(c.source));
  return parts.join('\n');
}

/** Text fed to a command: a here-document, or what echo/printf/cat <<EOF pipe into it. */
export function stdinOf(source: ShellCommand): string {
  const from = source.from;
  let text = source.stdin ?? '';
  if (from) {
    const [program, ...args] = from.words;
    if (program === 'echo' || program === 'printf') text += `\n${args.join(' ')}`;
    text += `\n${from.stdin ?? ''}`;
  }
  return text;
}

function curlMethod(c: Command): string {
  const explicit = valueOf(c, '-X', '--request');
  if (explicit) return explicit.toUpperCase();
  if (has(c, '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--json', '-F', '--form')) return 'POST';
  if (c.args.some((a) => /^-d./.test(a) || /^-F./.test(a))) return 'POST';
  if (has(c, '-T', '--upload-file')) return 'PUT';
  return 'GET';
}

export const DANGER_RULES: readonly DangerRule[] = [
  { programs: [TOO_DEEP], test: () => true, level: 'destructive', reason: 'commands nested too deeply to check', why: 'what cannot be read must not pass as safe' },
  // Files and disks
  { programs: ['rm'], test: (c) => recursive(c) && forced(c), level: 'destructive', reason: 'rm -rf (recursive forced delete)', why: 'deletes a tree of files with no undo and no questions' },
  { programs: ['rm'], test: (c) => recursive(c) && !forced(c), level: 'destructive', reason: 'rm -r (recursive delete)', why: 'deletes a tree of files with no undo' },
  { programs: ['find'], test: (c) => has(c, '-delete') || c.args.some((a, i) => (a === '-exec' || a === '-execdir') && /(^|\/)rm$/.test(c.args[i + 1] ?? '')), level: 'destructive', reason: 'find -delete', why: 'deletes every file the search finds' },
  { programs: ['dd'], test: (c) => c.args.some((a) => a.startsWith('of=')), level: 'destructive', reason: 'dd of= (raw disk write)', why: 'overwrites a file or device byte by byte' },
  { programs: ['mkfs', 'wipefs', 'shred', 'fdisk', 'sgdisk', 'parted'], test: () => true, level: 'destructive', reason: 'mkfs/wipefs (format or wipe a disk)', why: 'erases a file system or partition table' },
  { programs: ['shutdown', 'reboot', 'halt', 'poweroff'], test: () => true, level: 'destructive', reason: 'shutdown/reboot', why: 'takes the machine down' },
  { programs: ['init', 'telinit'], test: (c) => c.verbs[0] === '0' || c.verbs[0] === '6', level: 'destructive', reason: 'shutdown/reboot', why: 'runlevel 0/6 halts or reboots' },
  // Processes and services
  { programs: ['kill', 'pkill', 'killall', 'skill'], test: () => true, level: 'destructive', reason: 'kill (stop processes)', why: 'stops running processes' },
  { programs: ['systemctl'], verbs: [['stop'], ['kill'], ['disable'], ['mask'], ['isolate'], ['poweroff'], ['reboot'], ['halt']], level: 'destructive', reason: 'systemctl stop/disable', why: 'stops or disables a service' },
  { programs: ['systemctl'], verbs: [['start'], ['restart'], ['reload'], ['try-restart'], ['reload-or-restart'], ['enable'], ['unmask'], ['daemon-reload'], ['set-property'], ['edit']], level: 'state-changing', reason: 'systemctl start/restart', why: 'starts, restarts or reconfigures a service' },
  { programs: ['service'], test: (c) => ['stop', 'restart', 'start', 'reload', 'force-reload'].includes(c.verbs[1] ?? ''), level: 'state-changing', reason: 'service start/stop', why: 'changes whether a service runs' },
  { programs: ['supervisorctl', 'pm2'], verbs: [['stop'], ['restart'], ['start'], ['delete'], ['reload']], level: 'state-changing', reason: 'process manager start/stop', why: 'changes whether a process runs' },
  // Kubernetes / OpenShift
  { programs: KUBE, verbs: [['delete'], ['drain'], ['rollout', 'undo'], ['replace', '--force'], ['adm', 'drain'], ['adm', 'prune'], ['adm', 'node-logs', '--delete']], level: 'destructive', reason: 'kubectl delete/drain/rollout undo', why: 'removes or evicts workloads, or rolls a deploy back' },
  {
    programs: KUBE,
    verbs: [['apply'], ['patch'], ['edit'], ['create'], ['scale'], ['autoscale'], ['set'], ['label'], ['annotate'], ['replace'], ['taint'], ['cordon'], ['uncordon'], ['expose'], ['run'], ['cp'], ['rollout', 'restart'], ['rollout', 'pause'], ['rollout', 'resume'], ['adm', 'cordon'], ['adm', 'uncordon'], ['adm', 'taint'], ['adm', 'upgrade'], ['adm', 'certificate'], ['adm', 'policy'], ['adm', 'groups'], ['adm', 'manage-node'], ['certificate', 'approve'], ['certificate', 'deny'], ['new-app'], ['new-project'], ['start-build'], ['import-image'], ['tag'], ['process']],
    level: 'state-changing',
    reason: 'kubectl apply/patch/edit/create/scale',
    // `create token` mints a short-lived token to read with; it changes nothing.
    why: 'changes objects in a cluster',
  },
  { programs: ['helm'], verbs: [['uninstall'], ['delete'], ['del'], ['un'], ['rollback'], ['upgrade']], level: 'destructive', reason: 'helm uninstall/upgrade/rollback', why: 'replaces or removes a release in a cluster' },
  { programs: ['helm'], verbs: [['install'], ['repo', 'add'], ['repo', 'remove'], ['plugin', 'install']], level: 'state-changing', reason: 'helm install', why: 'deploys a release' },
  { programs: ['virtctl'], verbs: [['stop'], ['restart'], ['pause'], ['migrate'], ['soft-reboot']], level: 'destructive', reason: 'virtctl stop/restart', why: 'stops or moves a running virtual machine' },
  { programs: ['virtctl'], verbs: [['start'], ['unpause'], ['expose'], ['addvolume'], ['removevolume'], ['image-upload']], level: 'state-changing', reason: 'virtctl start/expose', why: 'changes a virtual machine' },
  // Infrastructure as code and clouds
  { programs: ['terraform', 'tofu', 'terragrunt'], test: (c) => c.verbs[0] === 'destroy' || (c.verbs[0] === 'apply' && has(c, '-destroy')) || (c.verbs[0] === 'state' && ['rm', 'mv'].includes(c.verbs[1] ?? '')), level: 'destructive', reason: 'terraform destroy', why: 'destroys managed infrastructure or forgets it' },
  { programs: ['terraform', 'tofu', 'terragrunt'], verbs: [['apply'], ['import'], ['taint'], ['untaint'], ['state', 'push'], ['force-unlock'], ['run-all']], level: 'state-changing', reason: 'terraform apply', why: 'changes managed infrastructure' },
  { programs: ['pulumi'], verbs: [['destroy'], ['up'], ['refresh'], ['import'], ['cancel']], level: 'destructive', reason: 'pulumi up/destroy', why: 'changes or destroys a stack' },
  { programs: ['aws'], test: (c) => c.verbs.slice(1, 3).some((v) => /^(delete|terminate|remove|deregister|purge|disable|stop|revoke|detach|reboot)(-|$)/.test(v)) || (c.verbs[0] === 's3' && (c.verbs[1] === 'rb' || (c.verbs[1] === 'rm' && has(c, '--recursive')))), level: 'destructive', reason: 'aws delete/terminate', why: 'deletes or stops cloud resources' },
  { programs: ['aws'], test: (c) => c.verbs.slice(1, 3).some((v) => /^(create|put|update|modify|run|start|attach|associate|authorize|register|restore|enable|set|tag|add|copy|import|invoke|publish|send|reset|change|execute)(-|$)/.test(v)) || (c.verbs[0] === 's3' && ['cp', 'mv', 'sync', 'rm', 'mb'].includes(c.verbs[1] ?? '')), level: 'state-changing', reason: 'aws create/update', why: 'changes cloud resources' },
  { programs: ['gcloud', 'az', 'doctl', 'openstack', 'linode-cli', 'hcloud', 'ibmcloud'], test: (c) => c.verbs.slice(0, 5).some((v) => ['delete', 'remove', 'destroy', 'purge', 'stop', 'deallocate', 'reset', 'rm'].includes(v)), level: 'destructive', reason: 'cloud resource delete', why: 'deletes or stops cloud resources' },
  { programs: ['gcloud', 'az', 'doctl', 'openstack', 'linode-cli', 'hcloud', 'ibmcloud'], test: (c) => c.verbs.slice(0, 5).some((v) => ['create', 'update', 'set', 'resize', 'start', 'restart', 'deploy', 'add', 'add-iam-policy-binding', 'import', 'restore', 'failover', 'patch', 'scale', 'move', 'attach', 'detach', 'apply', 'upgrade', 'rollback', 'promote'].includes(v)), level: 'state-changing', reason: 'cloud resource change', why: 'changes cloud resources' },
  // Containers
  { programs: ['docker', 'podman', 'nerdctl'], test: (c) => ['rm', 'rmi', 'kill', 'prune', 'stop'].includes(c.verbs[0] ?? '') || ['rm', 'prune', 'kill', 'stop'].includes(c.verbs[1] ?? '') || (c.verbs[0] === 'compose' && ['down', 'rm', 'kill', 'stop'].includes(c.verbs[1] ?? '')), level: 'destructive', reason: 'docker rm/stop/prune', why: 'removes or stops containers, images or volumes' },
  { programs: ['docker', 'podman', 'nerdctl'], test: (c) => ['restart', 'start', 'push', 'update', 'pause', 'unpause', 'tag'].includes(c.verbs[0] ?? '') || (c.verbs[0] === 'compose' && ['up', 'restart', 'start', 'pull'].includes(c.verbs[1] ?? '')) || (c.verbs[0] === 'service' && ['update', 'scale', 'rollback', 'create'].includes(c.verbs[1] ?? '')), level: 'state-changing', reason: 'docker restart/push/compose up', why: 'changes running containers or a registry' },
  { programs: ['crictl', 'ctr'], verbs: [['rm'], ['rmi'], ['rmp'], ['stop'], ['stopp'], ['delete'], ['kill']], level: 'destructive', reason: 'crictl rm/stop', why: 'removes or stops containers on a node' },
  // Git
  { programs: ['git'], test: (c) => c.verbs[0] === 'push' && (c.args.some((a) => a === '-f' || a.startsWith('--force') || (/^-[A-Za-z]+$/.test(a) && a.includes('f')) || /^\+[^+]/.test(a) || a === '--delete' || a === '-d' || (a.startsWith(':') && a.length > 1)) || has(c, '--mirror')), level: 'destructive', reason: 'git push --force/--delete', why: 'rewrites or deletes history others share' },
  { programs: ['git'], test: (c) => c.verbs[0] === 'push', level: 'state-changing', reason: 'git push', why: 'changes a repository others share (a deploy may follow it)' },
  { programs: ['git'], test: (c) => (c.verbs[0] === 'reset' && has(c, '--hard')) || (c.verbs[0] === 'clean' && (has(c, '--force') || c.args.some((a) => /^-[A-Za-z]*f/.test(a)))) || (c.verbs[0] === 'branch' && (has(c, '-D') || has(c, '--delete'))), level: 'destructive', reason: 'git reset --hard/clean -f', why: 'throws away work that is not committed' },
  // HTTP
  { programs: ['curl'], test: (c) => curlMethod(c) === 'DELETE', level: 'destructive', reason: 'curl -X DELETE', why: 'a DELETE request removes a resource' },
  { programs: ['curl'], test: (c) => ['POST', 'PUT', 'PATCH'].includes(curlMethod(c)), level: 'state-changing', reason: 'curl POST/PUT', why: 'a write request changes the service it is sent to' },
  { programs: ['wget'], test: (c) => has(c, '--post-data', '--post-file', '--body-data', '--body-file') || /^(POST|PUT|PATCH|DELETE)$/i.test(valueOf(c, '--method') ?? ''), level: 'state-changing', reason: 'wget POST', why: 'a write request changes the service it is sent to' },
  { programs: ['http', 'https', 'xh'], test: (c) => /^(POST|PUT|PATCH|DELETE)$/i.test(c.args[0] ?? ''), level: 'state-changing', reason: 'HTTP write request', why: 'a write request changes the service it is sent to' },
  { programs: ['sh', 'bash', 'zsh', 'dash', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node'], test: (c) => c.source.from !== undefined && ['curl', 'wget'].includes(basename(c.source.from.words[0] ?? '')) && c.args.filter((a) => !a.startsWith('-')).length === 0, level: 'destructive', reason: 'curl … | sh (runs a downloaded script)', why: 'runs whatever the server sends, unread' },
  // Databases
  { programs: SQL_CLIENTS, test: (c) => SQL_DESTRUCTIVE.test(sqlOf(c)), level: 'destructive', reason: 'SQL DROP/TRUNCATE/DELETE', why: 'deletes data or schema' },
  { programs: SQL_CLIENTS, test: (c) => SQL_CHANGING.test(sqlOf(c)), level: 'state-changing', reason: 'SQL UPDATE/ALTER/INSERT', why: 'changes data or schema' },
  { programs: ['mongo', 'mongosh'], test: (c) => MONGO_DESTRUCTIVE.test(sqlOf(c)), level: 'destructive', reason: 'MongoDB drop/delete', why: 'deletes documents or collections' },
  { programs: ['mongo', 'mongosh'], test: (c) => MONGO_CHANGING.test(sqlOf(c)), level: 'state-changing', reason: 'MongoDB update/step down', why: 'changes documents or the replica set' },
  { programs: ['redis-cli', 'valkey-cli'], test: (c) => c.verbs.some((v) => ['flushall', 'flushdb', 'del', 'unlink', 'shutdown'].includes(v)) || /\bFLUSH(?:ALL|DB)\b/i.test(stdinOf(c.source)), level: 'destructive', reason: 'Redis FLUSHALL/DEL', why: 'deletes keys' },
  { programs: ['redis-cli', 'valkey-cli'], test: (c) => c.verbs.some((v) => ['set', 'config', 'failover', 'replicaof', 'slaveof', 'expire', 'hset', 'lpush', 'rpush', 'sadd', 'incr'].includes(v)), level: 'state-changing', reason: 'Redis SET/CONFIG', why: 'changes keys or server settings' },
  { programs: ['etcdctl'], verbs: [['del'], ['defrag'], ['compact'], ['compaction'], ['member', 'remove'], ['snapshot', 'restore'], ['move-leader'], ['alarm', 'disarm']], level: 'destructive', reason: 'etcdctl del/defrag/compact', why: 'deletes keys or blocks the member while it rewrites its data' },
  { programs: ['etcdctl'], verbs: [['put'], ['member', 'add'], ['member', 'update'], ['lease', 'revoke'], ['user'], ['role'], ['auth']], level: 'state-changing', reason: 'etcdctl put', why: 'changes cluster data or membership' },
  // Other platform CLIs
  { programs: ['knife'], test: (c) => c.verbs.slice(0, 3).some((v) => ['delete', 'bulk'].includes(v)), level: 'destructive', reason: 'knife delete', why: 'deletes Chef nodes, clients or data' },
  { programs: ['knife'], test: (c) => c.verbs.slice(0, 3).some((v) => ['create', 'edit', 'upload', 'set', 'add', 'run_list', 'ssh', 'bootstrap'].includes(v)), level: 'state-changing', reason: 'knife upload/edit', why: 'changes Chef data or runs on nodes' },
  { programs: ['consul', 'nomad', 'vault', 'velero', 'argocd', 'flux', 'istioctl', 'linkerd', 'rabbitmqctl', 'ceph', 'rbd', 'radosgw-admin', 'zfs', 'zpool', 'virsh', 'ipmitool', 'gh', 'glab', 'heroku', 'fly', 'flyctl', 'mc', 'kafka-topics', 'kafka-topics.sh', 'kafka-consumer-groups', 'kafka-consumer-groups.sh', 'patronictl', 'pg_ctl', 'pg_ctlcluster', 'cockroach', 'lvremove', 'vgremove', 'pvremove', 'umount'],
    test: (c) => c.program.endsWith('remove') || c.program === 'umount' || c.verbs.slice(0, 4).some((v) => ['delete', 'del', 'destroy', 'remove', 'rm', 'purge', 'stop', 'kill', 'wipe', 'drop', 'evict', 'revoke', 'uninstall', 'undefine', 'reset', 'rb', 'out', 'down', 'forget', 'prune', 'failover', 'switchover', 'reinit', '--delete', 'leave', 'force-leave'].includes(v)) || has(c, '--delete', '--yes-i-really-mean-it', '--yes-i-really-really-mean-it'),
    level: 'destructive', reason: 'delete/stop with a platform tool', why: 'these tools name their destructive verbs plainly (consul kv delete, velero backup delete, ceph osd out)' },
  { programs: ['consul', 'nomad', 'vault', 'velero', 'argocd', 'flux', 'istioctl', 'linkerd', 'rabbitmqctl', 'ceph', 'rbd', 'radosgw-admin', 'zfs', 'zpool', 'virsh', 'ipmitool', 'gh', 'glab', 'heroku', 'fly', 'flyctl', 'mc', 'patronictl', 'pg_ctl', 'pg_ctlcluster'],
    test: (c) => c.verbs.slice(0, 4).some((v) => ['put', 'write', 'set', 'create', 'update', 'apply', 'sync', 'restart', 'start', 'reload', 'enable', 'disable', 'add', 'restore', 'import', 'rollback', 'scale', 'deploy', 'promote', 'in', 'up', 'unset', 'reweight', 'repair', 'run', 'merge', 'edit', 'patch', 'install', 'upgrade', 'unseal', 'seal', 'reconcile', 'suspend', 'resume', 'rotate', 'tune', 'mount', 'unmount', 'snapshot', 'clone', 'rename', 'resize', 'reboot', 'shutdown', 'power'].includes(v)),
    level: 'state-changing', reason: 'change with a platform tool', why: 'writes, syncs or restarts through the tool (consul kv put, argocd app sync, ceph osd in)' },
];

export function basename(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash === -1 ? word : word.slice(slash + 1);
}
