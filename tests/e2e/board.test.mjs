// The board in a browser: create, drag, reload, export, import, undo, with real mouse and keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, click, drag, typeInto, frames, rect, state, ui, waitSaved, shot, shotsDir, justifyIfAsked } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const newContext = () => env.browser.newContext({ viewport: { width: 1400, height: 820 }, acceptDownloads: true });
const stageId = (s, name) => s.pipelines[0].stages.find((x) => x.name === name).id;


async function createDeal(page, title, org, value) {
  await click(page, 'button:new-deal');
  await typeInto(page, 'editor:title', title);
  await typeInto(page, 'editor:organization', org);
  await typeInto(page, 'editor:value', value);
  await click(page, 'editor:save');
  const s = await state(page);
  return s.deals.find((d) => d.title === title);
}

test('the page loads with no console error and offers a first run', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await rect(page, 'button:load-sample');
  await rect(page, 'button:start-empty');
  await shot(page, 'first-run');
  await click(page, 'button:load-sample');
  const s = await state(page);
  assert.ok(s.deals.length >= 35, `sample has ${s.deals.length} deals`);
  assert.equal(new Set(s.deals.map((d) => d.currency)).size > 2, true);
  await shot(page, 'sample-board');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('create a deal, drag it to another column, reload and find both changes', async () => {
  const ctx = await newContext();
  let page = await openApp(ctx, env.url);
  await click(page, 'button:start-empty');
  const deal = await createDeal(page, 'Fleet tracking pilot', 'Northwind Logistics', '12500.50');
  assert.ok(deal, 'the new deal is in the state');
  assert.equal(deal.value, 1250050);
  assert.equal(deal.organization, 'Northwind Logistics');
  let s = await state(page);
  assert.equal(deal.stage_id, stageId(s, 'Lead'));
  await shot(page, 'deal-created');

  const target = stageId(s, 'Presentation / meeting');
  await drag(page, `card:${deal.id}`, `column:${target}`);
  assert.equal(await justifyIfAsked(page), true, 'Lead wants the need known before moving on');
  s = await state(page);
  const moved = s.deals.find((d) => d.id === deal.id);
  assert.equal(moved.stage_id, target);
  assert.equal(moved.history.length, 2);
  await shot(page, 'deal-dragged');

  await waitSaved(page);
  await page.reload();
  await page.waitForFunction(() => window.kariz && window.kariz.ready());
  await frames(page, 3);
  s = await state(page);
  const back = s.deals.find((d) => d.id === deal.id);
  assert.ok(back, 'the deal survived the reload');
  assert.equal(back.stage_id, target);
  assert.equal(back.title, 'Fleet tracking pilot');
  await rect(page, `card:${deal.id}`);
  await shot(page, 'after-reload');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('undo a move with Ctrl+Z, redo with Ctrl+Shift+Z', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  let s = await state(page);
  const leadId = stageId(s, 'Lead'), callId = stageId(s, 'First sales call');
  const deal = s.deals.find((d) => d.stage_id === leadId && d.status === 'open' && d.pipeline_id === s.pipelines[0].id);
  await drag(page, `card:${deal.id}`, `column:${callId}`);
  await justifyIfAsked(page);
  s = await state(page);
  assert.equal(s.deals.find((d) => d.id === deal.id).stage_id, callId);
  await page.keyboard.press('Control+z');
  await frames(page, 3);
  s = await state(page);
  assert.equal(s.deals.find((d) => d.id === deal.id).stage_id, leadId);
  await shot(page, 'undo-move');
  await page.keyboard.press('Control+Shift+Z');
  await frames(page, 3);
  s = await state(page);
  assert.equal(s.deals.find((d) => d.id === deal.id).stage_id, callId);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('mark a deal won and another lost with a reason from the editor', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:start-empty');
  const a = await createDeal(page, 'Won deal', 'Contoso', '1000');
  const b = await createDeal(page, 'Lost deal', 'Fabrikam', '2000');
  await click(page, `card:${a.id}`);
  await click(page, 'editor:won');
  await click(page, `card:${b.id}`);
  await typeInto(page, 'editor:lost-reason', 'Chose a competitor');
  await shot(page, 'editor-lost');
  await click(page, 'editor:lost');
  const s = await state(page);
  assert.equal(s.deals.find((d) => d.id === a.id).status, 'won');
  const lost = s.deals.find((d) => d.id === b.id);
  assert.equal(lost.status, 'lost');
  assert.equal(lost.lost_reason, 'Chose a competitor');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('export downloads a snapshot file of the board', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  const before = await state(page);
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'button:export')]);
  assert.match(download.suggestedFilename(), /^kariz-\d{8}-\d{4}\.json$/);
  const file = path.join(shotsDir, 'export.json');
  await download.saveAs(file);
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(json.format, 'kariz.snapshot');
  assert.equal(json.version, 2);
  assert.equal(json.deals.length, before.deals.length);
  assert.deepEqual(json.deals.map((d) => d.id).sort(), before.deals.map((d) => d.id).sort());
  assert.ok(json.deals.every((d) => Number.isInteger(d.value)));
  await ctx.close();
});

async function importFile(page, name, content) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'button:import')]);
  await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
  await page.waitForFunction(() => { const u = window.kariz.ui(); return u.import_error !== '' || u.import_pending; });
  await frames(page, 3);
}

test('a broken file is refused with a clear message and the board stays untouched', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  const before = await state(page);
  const broken = JSON.parse(JSON.stringify(before));
  broken.deals[3].value = 'a lot';
  await importFile(page, 'broken.json', JSON.stringify(broken));
  const u = await ui(page);
  assert.equal(u.import_error, 'broken.json: deals[3].value: expected an integer');
  await rect(page, 'text:import-error');
  await shot(page, 'import-refused');
  await click(page, 'button:import-error-ok');
  await importFile(page, 'not-json.json', '{"format": "kariz.snapshot", "deals": [');
  assert.match((await ui(page)).import_error, /not valid JSON/);
  await click(page, 'button:import-error-ok');
  const after = await state(page);
  delete before.exported_at; delete after.exported_at;
  assert.deepEqual(after, before);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a valid file is imported after confirmation, and the import can be undone', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:start-empty');
  const sample = fs.readFileSync(new URL('../../assets/sample.json', import.meta.url), 'utf8');
  await importFile(page, 'sample.json', sample);
  await shot(page, 'import-confirm');
  assert.equal((await state(page)).deals.length, 0, 'nothing changes before confirming');
  await click(page, 'button:import-confirm');
  const s = await state(page);
  assert.equal(s.deals.length, JSON.parse(sample).deals.length);
  await page.keyboard.press('Control+z');
  await frames(page, 3);
  assert.equal((await state(page)).deals.length, 0);
  await ctx.close();
});
