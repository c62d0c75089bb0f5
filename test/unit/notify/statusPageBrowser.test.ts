import * as assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { NotifyServer } from './notifyFixture';

const CHROMIUM = process.env.INCIDENT_DESK_CHROMIUM ?? '/usr/bin/chromium';
const HOSTILE = `<img src=x onerror="alert('xss')"><script>alert('xss2')</script>"'&`;
const PLANTED = 'PLANTED-note-91c2 only responders may read this';

describe('status page in a real browser (Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: NotifyServer;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    server = await NotifyServer.start({ channels: [], statusPage: { access: 'public', title: 'Example status' } });
    const declared = await server.request('POST', '/v1/incidents', { body: { title: `internal ${PLANTED}`, severity: 1, publicTitle: HOSTILE } });
    const id = (declared.json as { id: string }).id;
    await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'note', text: PLANTED } });
    await server.request('POST', `/v1/incidents/${id}/events`, { body: { type: 'status_update', audience: 'external', conditions: 'Checkout is slow for some customers', actions: 'Scaling out', needs: '' } });
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows the external update, keeps a hostile title as text, runs nothing, and works without JavaScript', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const response = await page.goto(`${server.url}/status`);
      assert.equal(response?.status(), 200);
      const heading = await page.locator('article.incident h3').first().textContent();
      assert.equal(heading, HOSTILE, 'the hostile title is shown as the text it is');
      const text = await page.locator('body').innerText();
      assert.match(text, /Checkout is slow for some customers/);
      assert.ok(!text.includes('PLANTED-note-91c2'));
      assert.equal(await page.locator('img, script').count(), 0, 'no element came from the title');
      assert.deepEqual(dialogs, []);
      await context.close();
    }
  });
});
