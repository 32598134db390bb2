// Browser storage: saves are small and automatic, a failed write is visible and loses nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, click, drag, frames, rect, state, ui, waitSaved, shot, justifyIfAsked, typeInto, importText } from './harness.mjs';
import { makeWorkspace } from './workspace-gen.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const newContext = () => env.browser.newContext({ viewport: { width: 1280, height: 760 } });

// A card visible in a column, and another column of the same pipeline to drop it on.
async function cardAndTarget(page) {
  const s = await state(page);
  const current = (await ui(page)).pipeline_id;
  const p = s.pipelines.find((x) => x.id === current);
  for (const d of s.deals) {
    if (d.pipeline_id !== p.id || d.status !== 'open') continue;
    const r = await page.evaluate((n) => window.kariz.rect(n), `card:${d.id}`);
    if (!r) continue;
    const target = p.stages.find((st) => st.id !== d.stage_id && st.name !== 'Unsorted');
    return { deal: d, target };
  }
  throw new Error('no card on screen');
}

test('one edit on a board of 10,000 deals writes a few hundred bytes, not the board', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:start-empty');
  await waitSaved(page);
  const text = JSON.stringify(makeWorkspace(10000));
  await importText(page, 'ten-thousand.json', text);
  await waitSaved(page);
  const bulkBytes = await page.evaluate(() => window.kariz.lastSaveBytes());
  assert.ok(bulkBytes > 1000000, `the import wrote the whole board (${bulkBytes} bytes)`);

  const { deal, target } = await cardAndTarget(page);
  // One notch of the mouse wheel scrolls the column down by a few lines, not a hundred, not up.
  const before = await rect(page, `card:${deal.id}`);
  await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
  await page.mouse.wheel(0, 100);
  await frames(page, 4);
  const after = await page.evaluate((n) => window.kariz.rect(n), `card:${deal.id}`);
  const shift = after ? before.y - after.y : Infinity;
  assert.ok(shift > 20 && shift < 200 || (!after && before.y < 400), `one notch moved the card by ${shift}px`);
  await page.mouse.wheel(0, -100);
  await frames(page, 4);
  await rect(page, `card:${deal.id}`);
  await drag(page, `card:${deal.id}`, `column:${target.id}`);
  await justifyIfAsked(page);
  const moved = (await state(page)).deals.find((d) => d.id === deal.id);
  assert.equal(moved.stage_id, target.id);
  await waitSaved(page);
  const editBytes = await page.evaluate(() => window.kariz.lastSaveBytes());
  console.log(`# storage: import of 10,000 deals wrote ${bulkBytes} bytes; one drag wrote ${editBytes} bytes`);
  assert.ok(editBytes > 100 && editBytes < 4096, `one drag wrote ${editBytes} bytes`);
  await shot(page, 'ten-thousand-board');

  // Idle frames build the search index without anybody typing; a search then finds a deal.
  await page.waitForFunction(() => window.kariz.ui().search_indexed, null, { timeout: 30000, polling: 100 });
  const pipeline = (await ui(page)).pipeline_id;
  const wanted = (await state(page)).deals.find((d) => d.pipeline_id === pipeline && d.status === 'open' && /^[A-Za-z ]+ #\d{4}$/.test(d.title));
  await typeInto(page, 'input:search', wanted.title);
  await rect(page, `card:${wanted.id}`);
  await shot(page, 'ten-thousand-search');

  await page.reload();
  await page.waitForFunction(() => window.kariz && window.kariz.ready(), null, { timeout: 60000 });
  const s = await state(page);
  assert.equal(s.deals.length, 10000);
  assert.equal(s.deals.find((d) => d.id === deal.id).stage_id, target.id);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a failed write shows an error, keeps the change in memory and saves it on retry', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  await waitSaved(page);
  // Make the browser storage refuse writes, as a full disk would.
  await page.evaluate(() => {
    window.__put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException('disk full', 'QuotaExceededError'); };
  });
  const { deal, target } = await cardAndTarget(page);
  await drag(page, `card:${deal.id}`, `column:${target.id}`);
  await justifyIfAsked(page);
  await page.waitForFunction(() => window.kariz.ui().storage_error !== '', null, { timeout: 10000 });
  const u = await ui(page);
  assert.match(u.storage_error, /storage is full/);
  assert.match(u.storage_error, /kept in this tab/);
  await frames(page, 2);
  await shot(page, 'storage-full');
  assert.equal((await state(page)).deals.find((d) => d.id === deal.id).stage_id, target.id);

  await page.evaluate(() => { IDBObjectStore.prototype.put = window.__put; });
  await page.waitForFunction(() => window.kariz.ui().storage_error === '' && !window.kariz.savePending(), null, { timeout: 15000 });
  await page.reload();
  await page.waitForFunction(() => window.kariz && window.kariz.ready());
  assert.equal((await state(page)).deals.find((d) => d.id === deal.id).stage_id, target.id);
  await ctx.close();
});
