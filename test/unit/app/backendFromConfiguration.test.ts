import * as assert from 'node:assert/strict';
import { backendFromConfiguration, type BackendConfiguration } from '../../../src/app/backends/backendFromConfiguration';
import { ConfigurationError } from '../../../src/app/backends/configurationError';
import { DeskBackend } from '../../../src/backends/desk/deskBackend';
import { PagerDutyBackend } from '../../../src/backends/pagerduty/pagerDutyBackend';

const hints: BackendConfiguration['hints'] = {
  urlSource: 'the.url.setting',
  missingUrl: 'set the URL',
  missingToken: 'set the token',
  unknownKind: 'use desk or pagerduty.',
  tokenHome: 'the secret store',
};

describe('backend from configuration (shared by the editor and the CLI)', () => {
  it('builds a desk or PagerDuty backend, identified by kind and URL as configured', () => {
    const desk = backendFromConfiguration({ kind: 'desk', url: 'http://127.0.0.1:1/', token: 't', hints });
    assert.ok(desk.backend instanceof DeskBackend);
    assert.equal(desk.identity, 'desk http://127.0.0.1:1/', 'the offline cache key stays what it was');
    const pd = backendFromConfiguration({ kind: 'pagerduty', token: 'k', hints });
    assert.ok(pd.backend instanceof PagerDutyBackend);
    assert.equal(pd.identity, 'pagerduty https://api.pagerduty.com');
  });

  const refusals: [string, Partial<BackendConfiguration>, RegExp][] = [
    ['no desk URL', { kind: 'desk', token: 't' }, /^set the URL$/],
    ['no token', { kind: 'desk', url: 'http://127.0.0.1:1' }, /^set the token$/],
    ['a blank token', { kind: 'pagerduty', token: '  ' }, /^set the token$/],
    ['an unknown kind', { kind: 'opsgenie' }, /Unknown backend 'opsgenie': use desk or pagerduty/],
    ['a URL that is not one', { kind: 'desk', url: 'not a url', token: 't' }, /the\.url\.setting\) is not a URL/],
    ['a non-http URL', { kind: 'desk', url: 'file:///etc/passwd', token: 't' }, /http:\/\/ or https:\/\//],
    ['credentials in a desk URL', { kind: 'desk', url: 'http://user:secret@127.0.0.1:1', token: 't' }, /must not contain credentials; put the token in the secret store/],
    ['credentials in a PagerDuty URL', { kind: 'pagerduty', url: 'https://key@api.pagerduty.com', token: 't' }, /must not contain credentials/],
  ];
  for (const [name, config, message] of refusals) {
    it(`refuses ${name} with a ConfigurationError that shows no secret`, () => {
      assert.throws(
        () => backendFromConfiguration({ kind: 'desk', hints, ...config }),
        (error: unknown) => error instanceof ConfigurationError && message.test(error.message) && !error.message.includes('secret@'),
      );
    });
  }
});
