// Roles in a browser: a seller sees only their own deals (board and search), a manager filters by
// seller and reassigns several cards in one go with Ctrl+click and the bulk bar (one undo), and the
// who-am-I choice survives a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, openApp, click, typeInto, frames, rect, state, waitSaved, shot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const newContext = () => env.browser.newContext({ viewport: { width: 1400, height: 820 } });
const roles = (page) => page.evaluate(() => window.kariz.roles());
const onScreen = (page, name) => page.evaluate((n) => !!window.kariz.rect(n), name);
const salesOpen = (s, owner) => s.deals.filter((d) => d.pipeline_id === s.pipelines[0].id && d.status === 'open' && d.owner_id === owner);

// Deals whose card is drawn now (the rightmost columns may be off screen at this viewport).
async function drawn(page, deals) {
  const out = [];
  for (const d of deals) if (await onScreen(page, `card:${d.id}`)) out.push(d);
  return out;
}

async function becomeUser(page, id) {
  await click(page, 'combo:me');
  await click(page, `me:${id}`);
  assert.equal((await roles(page)).me, id);
}

test('a seller sees only their own deals on the board and in search', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  let s = await state(page);
  const julias = await drawn(page, salesOpen(s, 'u-julia')), omars = salesOpen(s, 'u-omar');
  assert.ok(julias.length > 0 && omars.length > 0);
  assert.equal((await roles(page)).role, 'manager', 'the sample opens as its manager');
  await rect(page, `card:${julias[0].id}`);  // the manager sees Julia's deal

  await becomeUser(page, 'u-omar');
  assert.equal((await roles(page)).role, 'seller');
  await frames(page, 2);
  for (const d of julias) assert.equal(await onScreen(page, `card:${d.id}`), false, `Julia's "${d.title}" is hidden from Omar`);
  await rect(page, `card:${omars[0].id}`);
  await shot(page, 'roles-seller-board');

  // Search for Julia's deal by its exact title: nothing; Omar's own deal is found.
  await typeInto(page, 'input:search', julias[0].title);
  assert.equal(await onScreen(page, `card:${julias[0].id}`), false);
  await shot(page, 'roles-seller-search-other');
  await typeInto(page, 'input:search', omars[0].title);
  await rect(page, `card:${omars[0].id}`);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a manager filters by seller, reassigns three cards in one go, and one undo restores them', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  let s = await state(page);
  const omars = salesOpen(s, 'u-omar'), julias = salesOpen(s, 'u-julia');
  assert.ok(omars.length >= 3, `Omar has ${omars.length} open sales deals`);

  await click(page, 'combo:sellers');
  await click(page, 'filter:u-omar');
  await shot(page, 'roles-manager-filter-list');
  await click(page, 'combo:sellers');  // closes the list

  assert.deepEqual((await roles(page)).filter, ['u-omar']);
  for (const d of julias) assert.equal(await onScreen(page, `card:${d.id}`), false, 'only Omar\'s cards are shown');

  const picked = (await drawn(page, omars)).slice(0, 3);
  assert.equal(picked.length, 3);
  await page.keyboard.down('Control');
  for (const d of picked) await click(page, `card:${d.id}`);
  await page.keyboard.up('Control');
  await frames(page, 2);
  assert.deepEqual([...(await roles(page)).selected].sort(), picked.map((d) => d.id).sort());
  assert.equal((await state(page)).deals.length, s.deals.length);
  await shot(page, 'roles-manager-selected');

  // The selected cards can be shared as a snapshot of just them.
  await click(page, 'menu:kariz');
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'menu:export-selection')]);
  const part = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(part.scope.kind, 'selection');
  assert.deepEqual(part.deals.map((d) => d.id).sort(), picked.map((d) => d.id).sort());
  assert.deepEqual([...(await roles(page)).selected].sort(), picked.map((d) => d.id).sort(), 'exporting keeps the selection');

  await click(page, 'bulk:owner');
  await click(page, 'bulk-owner:u-julia');
  s = await state(page);
  for (const d of picked) assert.equal(s.deals.find((x) => x.id === d.id).owner_id, 'u-julia', `${d.title} now Julia's`);
  const untouched = omars.filter((d) => !picked.includes(d));
  for (const d of untouched) assert.equal(s.deals.find((x) => x.id === d.id).owner_id, 'u-omar');
  await frames(page, 2);
  for (const d of picked) assert.equal(await onScreen(page, `card:${d.id}`), false, 'reassigned cards leave Omar\'s filtered board');
  assert.deepEqual((await roles(page)).selected, [], 'cards that left the view leave the selection');
  await shot(page, 'roles-manager-reassigned');

  await click(page, 'button:undo');  // ONE undo step for the three cards
  s = await state(page);
  for (const d of picked) assert.equal(s.deals.find((x) => x.id === d.id).owner_id, 'u-omar', `${d.title} back with Omar`);
  await rect(page, `card:${picked[0].id}`);

  // Shift+click takes the range within a column, Esc clears the selection.
  await page.keyboard.down('Control');
  await click(page, `card:${picked[0].id}`);
  await page.keyboard.up('Control');
  assert.equal((await roles(page)).selected.length, 1);
  await page.keyboard.press('Escape');
  await frames(page, 3);
  assert.deepEqual((await roles(page)).selected, []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the who-am-I choice survives a reload and is not part of the exported data', async () => {
  const ctx = await newContext();
  let page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  await becomeUser(page, 'u-julia');
  await waitSaved(page);
  const text = await page.evaluate(() => window.kariz.bench.exportSnapshot().text());
  assert.equal(text.includes('current_user_id'), false, 'who I am stays on this device');
  await page.reload();
  await page.waitForFunction(() => window.kariz && window.kariz.ready());
  await frames(page, 3);
  assert.equal((await roles(page)).me, 'u-julia');
  assert.equal((await roles(page)).role, 'seller');
  const s = await state(page);
  const other = salesOpen(s, 'u-omar')[0], mine = (await drawn(page, salesOpen(s, 'u-julia')))[0];
  assert.ok(mine, 'Julia sees her own cards after the reload');
  assert.equal(await onScreen(page, `card:${other.id}`), false);
  await shot(page, 'roles-after-reload');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a manager adds a person, sets round robin, and removes a seller handing their deals to another', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  let s = await state(page);
  const rezas = s.deals.filter((d) => d.owner_id === 'u-reza').map((d) => d.id);
  assert.ok(rezas.length > 0);
  await click(page, 'menu:pipeline');
  await click(page, 'menu:team');
  await typeInto(page, 'team:new-name', 'Dara Nouri');
  await click(page, 'team:add');
  s = await state(page);
  const dara = s.users.find((u) => u.name === 'Dara Nouri');
  assert.ok(dara, 'Dara is on the team');
  assert.equal(dara.initials, 'DN');
  assert.equal(dara.role, 'seller');
  await click(page, 'rule:round-robin');
  assert.equal((await state(page)).settings.assign_mode, 'round_robin');

  await click(page, 'team:remove:u-reza');
  await click(page, 'team:remove-to');
  await click(page, 'team:remove-to-option:u-julia');
  await shot(page, 'roles-team-remove');
  await click(page, 'team:remove-confirm');
  s = await state(page);
  assert.equal(s.users.some((u) => u.id === 'u-reza'), false);
  for (const id of rezas) assert.equal(s.deals.find((d) => d.id === id).owner_id, 'u-julia');
  await shot(page, 'roles-team-settings');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
