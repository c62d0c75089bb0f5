import * as assert from 'node:assert/strict';
import type { ParamSpec } from '../../../src/core/runbooks/types';
import { acceptForm, formRows, paramForm, valueProblem, withValue } from '../../../src/editor/runbooks/paramForm';

const DECLARED: Record<string, ParamSpec> = {
  SERVICE: { description: 'The service', default: 'checkout-api', secret: false },
  BASE_URL: { description: 'Where it answers', default: 'http://127.0.0.1:8080', secret: false },
  TICKET: { description: 'Ticket', secret: false },
  TOKEN: { description: 'API token', default: 'do-not-prefill', secret: true },
};

describe('the params form (every param of a run at once)', () => {
  it('accepts every default with one Enter when no field needs typing', () => {
    const declared = { SERVICE: DECLARED.SERVICE!, BASE_URL: DECLARED.BASE_URL! };
    const form = paramForm('Triage', declared, {});
    assert.deepEqual(
      form.fields.map((field) => [field.name, field.value, field.filled]),
      [
        ['SERVICE', 'checkout-api', true],
        ['BASE_URL', 'http://127.0.0.1:8080', true],
      ],
    );
    assert.deepEqual(acceptForm(form, {}), { ok: true, values: { SERVICE: 'checkout-api', BASE_URL: 'http://127.0.0.1:8080' } });
    const rows = formRows(form);
    assert.equal(rows[0]?.field, undefined, 'the accept row comes first, so Enter runs');
    assert.match(rows[0]?.label ?? '', /Run with these values/);
    assert.deepEqual(rows.slice(1).map((row) => [row.label, row.description]), [
      ['$SERVICE', 'checkout-api'],
      ['$BASE_URL', 'http://127.0.0.1:8080'],
    ]);
  });

  it('never prefills a secret, not even from its default, and never shows its value', () => {
    const form = paramForm('Triage', DECLARED, {});
    const token = form.fields.find((field) => field.name === 'TOKEN');
    assert.equal(token?.value, '');
    assert.equal(token?.filled, false);
    const typed = withValue(form, 'TOKEN', 's3cr3t-value');
    for (const row of formRows(typed)) assert.ok(!`${row.label} ${row.description} ${row.detail ?? ''}`.includes('s3cr3t-value'), `row shows the secret: ${row.label}`);
  });

  it('sends Enter on the accept row to the first field that still needs typing, then accepts', () => {
    let form = paramForm('Triage', DECLARED, {});
    const first = acceptForm(form, {});
    assert.equal(first.ok, false);
    assert.equal(!first.ok && first.next.name, 'TICKET');
    assert.match(formRows(form)[0]?.label ?? '', /Fill in TICKET, TOKEN/);
    form = withValue(form, 'TICKET', 'OPS-1');
    const second = acceptForm(form, {});
    assert.equal(!second.ok && second.next.name, 'TOKEN');
    form = withValue(withValue(form, 'TOKEN', 'tok'), 'SERVICE', 'settings-web');
    assert.deepEqual(acceptForm(form, { KNOWN: 'k' }), { ok: true, values: { KNOWN: 'k', SERVICE: 'settings-web', BASE_URL: 'http://127.0.0.1:8080', TICKET: 'OPS-1', TOKEN: 'tok' } });
  });

  it('leaves out params that already have a value (given, or asked once in this terminal)', () => {
    const form = paramForm('Triage', DECLARED, { SERVICE: 'given', TICKET: 'OPS-2', TOKEN: 'earlier' });
    assert.deepEqual(form.fields.map((field) => field.name), ['BASE_URL']);
    assert.deepEqual(acceptForm(form, { SERVICE: 'given', TICKET: 'OPS-2', TOKEN: 'earlier' }), { ok: true, values: { SERVICE: 'given', TICKET: 'OPS-2', TOKEN: 'earlier', BASE_URL: 'http://127.0.0.1:8080' } });
  });

  it('takes an empty value typed on purpose, and refuses a NUL byte', () => {
    const form = withValue(paramForm('T', { TICKET: DECLARED.TICKET! }, {}), 'TICKET', '');
    assert.deepEqual(acceptForm(form, {}), { ok: true, values: { TICKET: '' } });
    assert.equal(formRows(form)[1]?.description, '(empty)');
    assert.match(valueProblem('a\0b') ?? '', /NUL/);
    assert.equal(valueProblem('fine'), undefined);
  });
});
