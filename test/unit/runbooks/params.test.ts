import * as assert from 'node:assert/strict';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import { paramsAsEnv, paramsNeeded, resolveParams, secretValues } from '../../../src/core/runbooks/params';

const text = [
  '---',
  'params:',
  '  REGION: { default: us-east-1 }',
  '  API_KEY: { secret: true }',
  '  TICKET: {}',
  '  SCRIPT_ONLY: { description: "read by deploy.sh itself" }',
  '---',
  '```sh { name=one }',
  'echo "$REGION"',
  '```',
  '```sh { name=two }',
  'curl -H "Authorization: Bearer $API_KEY" "http://127.0.0.1/$TICKET"',
  '```',
].join('\n');
const parsed = parseRunbook(text);

describe('params', () => {
  it('needs the params a step mentions plus those no step mentions', () => {
    const [one, two] = parsed.steps;
    assert.ok(one && two);
    assert.deepEqual(paramsNeeded(parsed, [one]), ['REGION', 'SCRIPT_ONLY']);
    assert.deepEqual(paramsNeeded(parsed, [two]), ['API_KEY', 'TICKET', 'SCRIPT_ONLY']);
    assert.deepEqual(paramsNeeded(parsed, parsed.steps), ['REGION', 'API_KEY', 'TICKET', 'SCRIPT_ONLY']);
  });

  it('resolves given, then environment, then default, and lists the missing', () => {
    const params = parsed.frontMatter?.params ?? {};
    const resolved = resolveParams(params, ['REGION', 'API_KEY', 'TICKET', 'SCRIPT_ONLY'], {
      given: { TICKET: 'INC-7' },
      env: { API_KEY: 's3cr3t', TICKET: 'from-env', SCRIPT_ONLY: '' },
    });
    assert.deepEqual(resolved.values, { REGION: 'us-east-1', API_KEY: 's3cr3t', TICKET: 'INC-7' });
    assert.deepEqual(resolved.origins, { REGION: 'default', API_KEY: 'env', TICKET: 'given' });
    assert.deepEqual(resolved.missing, ['SCRIPT_ONLY']);
    assert.deepEqual(secretValues(params, resolved.values), ['s3cr3t']);
  });

  it('does not mistake inherited object properties for params or sources', () => {
    const resolved = resolveParams({}, ['constructor', 'toString'], { given: {}, env: {} });
    assert.deepEqual(resolved.missing, ['constructor', 'toString']);
  });

  it('puts values on top of the base environment and refuses bad names or NUL bytes without echoing values', () => {
    const env = paramsAsEnv({ REGION: 'eu-west-1' }, { PATH: '/bin', REGION: 'old', UNSET: undefined });
    assert.deepEqual(env, { PATH: '/bin', REGION: 'eu-west-1' });
    assert.throws(() => paramsAsEnv({ 'BAD-NAME': 'x' }), /not a valid environment variable name/);
    assert.throws(
      () => paramsAsEnv({ API_KEY: 'hunter2\0' }),
      (e: unknown) => e instanceof Error && /API_KEY/.test(e.message) && !e.message.includes('hunter2'),
    );
  });
});
