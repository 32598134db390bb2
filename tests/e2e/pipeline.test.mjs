// Search, the stage editor and a high-DPI screen, driven with real mouse and keyboard events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, click, frames, rect, state, typeInto, shot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const visible = (page, name) => page.evaluate((n) => !!window.kariz.rect(n), name);

test('the search box filters cards as you type; column totals still count every deal', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 820 } });
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  const s = await state(page);
  const target = s.deals.find((d) => d.organization === 'Nordlicht Logistik GmbH');
  const others = s.deals.filter((d) => d.pipeline_id === target.pipeline_id && d.status === 'open' && d.id !== target.id &&
    !/nordlicht/i.test(d.title + d.organization + d.contact.name + d.contact.email + d.labels.join()));
  let other = null;
  for (const d of others) if (!other && await visible(page, `card:${d.id}`)) other = d;
  assert.ok(other, 'another card is on screen before searching');
  await typeInto(page, 'input:search', 'NORDLICHT');
  assert.ok(await visible(page, `card:${target.id}`), 'the matching card stays');
  assert.equal(await visible(page, `card:${other.id}`), false, 'other cards are hidden');
  await shot(page, 'search');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await rect(page, `card:${other.id}`);  // waits until the card is drawn again
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('stage editor: add a stage, delete one and its deals move to the chosen stage', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 820 } });
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  const before = await state(page);
  const sales = before.pipelines[0];
  await click(page, 'button:stages');
  await typeInto(page, 'stages:new-name', 'Negotiation');
  await click(page, 'stages:add');
  let s = await state(page);
  assert.equal(s.pipelines[0].stages.at(-1).name, 'Negotiation');
  await shot(page, 'stage-editor');

  // Rename: type a new name and leave the field with Enter; one edit, the deals stay.
  await typeInto(page, 'stages:name:2', 'Discovery call');
  await page.keyboard.press('Enter');
  await frames(page, 3);
  s = await state(page);
  assert.equal(s.pipelines[0].stages[2].name, 'Discovery call');
  assert.equal(s.deals.filter((d) => d.stage_id === sales.stages[2].id).length,
    before.deals.filter((d) => d.stage_id === sales.stages[2].id).length);

  const lead = sales.stages[1];
  const leadDeals = before.deals.filter((d) => d.stage_id === lead.id).map((d) => d.id);
  assert.ok(leadDeals.length > 0);
  await click(page, 'stages:delete:1');
  await shot(page, 'stage-delete-confirm');
  await click(page, 'stages:delete-confirm');
  s = await state(page);
  assert.equal(s.pipelines[0].stages.find((x) => x.id === lead.id), undefined, 'the stage is gone');
  assert.equal(s.deals.length, before.deals.length, 'no deal was deleted');
  const unsorted = sales.stages[0].id;
  for (const id of leadDeals) assert.equal(s.deals.find((d) => d.id === id).stage_id, unsorted);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('on a high-DPI screen the board is drawn at device resolution and cards still open on click', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: 2 });
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  const size = await page.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height]; });
  assert.deepEqual(size, [2400, 1520]);
  const s = await state(page);
  const lead = s.pipelines[0].stages[1].id;  // the second column, fully on screen
  const deal = s.deals.find((d) => d.stage_id === lead && d.status === 'open');
  const r = await rect(page, `card:${deal.id}`);
  assert.ok(r.width > 200 && r.width < 320, `card width ${r.width} CSS px`);
  await click(page, `card:${deal.id}`);
  assert.equal((await page.evaluate(() => window.kariz.ui())).editor_open, true);
  await shot(page, 'high-dpi-editor');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
