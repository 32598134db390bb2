// Lead scoring in the browser: an Ideal Customer Profile changes a deal's fit and score (explained
// term by term), a rule weight changes the score, a win estimate changes the column's weighted
// total, a quality label goes on a card, the cost calculator shows the source's figures, a nudge
// on an emptied board, and the editor's stage picker asks for a justification like a drag.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, click, frames, rect, state, ui, typeInto, shot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const selling = (page, id) => page.evaluate((x) => window.kariz.selling(x), id);
const on = (page, name) => page.evaluate((n) => !!window.kariz.rect(n), name);

async function sampleBoard() {
  const ctx = await env.browser.newContext({ viewport: { width: 1500, height: 860 } });
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  return { ctx, page, s: await state(page) };
}

// Types into a single-line field and leaves it with Enter, which saves it (one undo step).
async function enter(page, name, text) {
  await typeInto(page, name, text);
  await page.keyboard.press('Enter');
  await frames(page, 3);
}

async function openSettings(page, tab) {
  await click(page, 'menu:pipeline');
  await click(page, 'menu:settings');
  if (tab) await click(page, tab);
}

// The window's close box sits at the right end of its title bar.
async function closeWindow(page, name) {
  const r = await rect(page, name);
  await page.mouse.move(r.x + r.width - 12, r.y + 10);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.up();
  await frames(page, 3);
  assert.equal(await on(page, name), false, `${name} closed`);
}

test('an Ideal Customer Profile changes a deal\'s fit and score, explained term by term', async () => {
  const { ctx, page, s } = await sampleBoard();
  const deal = s.deals.find((d) => d.organization === 'Kestrel Media B.V.');
  const before = await selling(page, deal.id);
  assert.equal(before.fit.total, 5);
  assert.ok(before.fit.misses.some((m) => m.startsWith('Industry: Media')), JSON.stringify(before.fit));
  assert.match(before.explain, /ICP fit 1\/5/);
  await openSettings(page, 'settings:tab-icp');
  await enter(page, 'icp:industries', 'Healthcare, Software, Logistics, Retail, Media');
  assert.deepEqual((await state(page)).settings.icp.industries, ['Healthcare', 'Software', 'Logistics', 'Retail', 'Media']);
  const after = await selling(page, deal.id);
  assert.equal(after.fit.fits, before.fit.fits + 1);
  assert.match(after.explain, /\+12 ICP fit 2\/5/);
  assert.equal(after.score, before.score + 6);  // 30 x 2/5 - 30 x 1/5
  await shot(page, 'scoring-icp-settings');
  await closeWindow(page, 'window:settings');
  // The card's pill explains the number in its tooltip.
  const pill = await rect(page, `card-score:${deal.id}`);
  await page.mouse.move(pill.x + pill.width / 2, pill.y + pill.height / 2);
  await frames(page, 4);
  await shot(page, 'scoring-card-tooltip');
  // The editor's Fit & score tab: the parts that miss and the score's terms.
  await click(page, `card:${deal.id}`);
  await click(page, 'editor:tab-fit');
  await rect(page, 'fit:summary');
  await enter(page, 'fit:employees', '80');  // now inside the profile's 50-2000
  const filled = await selling(page, deal.id);
  assert.equal(filled.fit.fits, 3);
  assert.equal((await state(page)).deals.find((d) => d.id === deal.id).org.employees, 80);
  await shot(page, 'scoring-fit-tab');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('editing a rule weight changes the score', async () => {
  const { ctx, page, s } = await sampleBoard();
  const deal = s.deals.find((d) => d.organization === 'Meridian Health Partners');
  assert.equal(deal.source, 'inbound');
  const before = await selling(page, deal.id);
  assert.match(before.explain, /\+10 inbound/);
  await openSettings(page, 'settings:tab-score');
  await enter(page, 'score-weight:inbound', '40');
  assert.equal((await state(page)).settings.scoring.inbound, 40);
  const after = await selling(page, deal.id);
  assert.match(after.explain, /\+40 inbound/);
  assert.equal(after.score, Math.min(100, before.score + 30));
  await shot(page, 'scoring-weights');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a win estimate on the deal changes its column\'s weighted total', async () => {
  const { ctx, page, s } = await sampleBoard();
  const deal = s.deals.find((d) => d.organization === 'Lindqvist Retail AB');
  const stage = s.pipelines[0].stages.find((x) => x.id === deal.stage_id);
  const weighted = async () => (await selling(page, deal.id)).columns.find((c) => c.stage_id === deal.stage_id).weighted.EUR;
  const before = await weighted();
  assert.equal((await selling(page, deal.id)).win_probability, stage.probability);
  await click(page, `card:${deal.id}`);
  await click(page, 'editor:tab-fit');
  await click(page, 'fit:own-estimate');
  await enter(page, 'fit:win-probability', '90');
  assert.equal((await state(page)).deals.find((d) => d.id === deal.id).win_probability, 90);
  assert.equal((await selling(page, deal.id)).win_probability, 90);
  const after = await weighted();
  assert.equal(after - before, Math.round((deal.value * 90) / 100) - Math.round((deal.value * stage.probability) / 100));
  await click(page, 'editor:tab-details');
  await click(page, 'editor:cancel');
  await rect(page, `column:${deal.stage_id}`);
  await shot(page, 'scoring-win-probability');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a quality label made in Settings goes on a deal and shows on its card', async () => {
  const { ctx, page, s } = await sampleBoard();
  const deal = s.deals.find((d) => d.organization === 'Kestrel Media B.V.');
  await openSettings(page, 'settings:tab-labels');
  await typeInto(page, 'label:new-name', 'Strategic');
  await click(page, 'label:add');
  assert.ok((await state(page)).settings.quality_labels.some((l) => l.name === 'Strategic'));
  await shot(page, 'scoring-quality-labels');
  await closeWindow(page, 'window:settings');
  assert.equal(await on(page, `card-label:${deal.id}:Strategic`), false);
  await click(page, `card:${deal.id}`);
  await click(page, 'editor:quality:Strategic');
  await click(page, 'editor:save');
  assert.ok((await state(page)).deals.find((d) => d.id === deal.id).labels.includes('Strategic'));
  await rect(page, `card-label:${deal.id}:Strategic`);
  await shot(page, 'scoring-label-on-card');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('the cost calculator shows the source\'s figures and follows the user\'s', async () => {
  const { ctx, page, s } = await sampleBoard();
  await click(page, 'menu:pipeline');
  await click(page, 'menu:cost');
  await rect(page, 'cost:at-stake');
  const any = s.deals[0].id;
  let c = (await selling(page, any)).cost;
  assert.deepEqual([c.per_hour, c.per_day, c.per_deal_day, c.per_bad_deal, c.at_stake, c.currency],
    [200000, 400000, 40000, 1200000, 12000000, 'USD']);  // $2,000 an hour, $4,000 a day, $120,000 at stake
  await shot(page, 'scoring-cost-calculator');
  await enter(page, 'cost:target', '25');
  c = (await selling(page, any)).cost;
  assert.equal(c.at_stake, 8000000);  // 20 days x $4,000
  assert.equal((await state(page)).settings.cost.days_target, 25);
  await closeWindow(page, 'window:cost');
  // Needs attention shows what each flagged deal has cost so far.
  await click(page, 'button:attention');
  await frames(page, 2);
  const anyCost = await page.evaluate((ids) => ids.some((id) => !!window.kariz.rect('cost-so-far:' + id)), s.deals.map((d) => d.id));
  assert.ok(anyCost, 'a flagged deal shows its cost so far');
  await shot(page, 'scoring-attention-cost');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('an emptied board nudges back to the top of the funnel', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1300, height: 700 } });
  const page = await openApp(ctx, env.url);
  await click(page, 'button:start-empty');
  await rect(page, 'nudge:all-closed');
  const n = (await selling(page, '')).nudges;
  assert.equal(n.length, 1);
  assert.match(n[0].text, /go back to the top of the funnel/);
  await shot(page, 'scoring-nudge-empty');
  // A deal in Lead: the top is no longer dry and nothing is said.
  await click(page, 'button:new-deal');
  await typeInto(page, 'editor:title', 'First lead');
  await click(page, 'editor:save');
  await frames(page, 2);
  assert.equal(await on(page, 'nudge:all-closed'), false);
  assert.deepEqual((await selling(page, '')).nudges, []);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('choosing a later stage in the editor asks for a justification, as a drag does', async () => {
  const { ctx, page, s } = await sampleBoard();
  const sales = s.pipelines[0];
  const lead = sales.stages.find((x) => x.name === 'Lead'), call = sales.stages.find((x) => x.name === 'First sales call');
  const unmet = s.deals.filter((d) => d.stage_id === lead.id && d.status === 'open' &&
    !d.criteria.some((c) => c.id === 'need' && c.state === 'met'));
  assert.ok(unmet.length >= 2);
  const [deal, other] = unmet;
  await click(page, `card:${deal.id}`);
  await click(page, 'editor:stage');
  await click(page, `editor:stage-option:${call.name}`);
  assert.equal((await ui(page)).move_pending, true);
  assert.equal((await state(page)).deals.find((d) => d.id === deal.id).stage_id, lead.id, 'not moved before the seller decides');
  await shot(page, 'scoring-editor-stage-warning');
  await typeInto(page, 'move:justification', 'Need confirmed by phone, notes follow');
  await click(page, 'move:confirm');
  let moved = (await state(page)).deals.find((d) => d.id === deal.id);
  assert.equal(moved.stage_id, call.id);
  assert.equal(moved.history.at(-1).justification, 'Need confirmed by phone, notes follow');
  assert.equal((await ui(page)).editor_open, true, 'the editor stays open');
  await click(page, 'editor:save');
  moved = (await state(page)).deals.find((d) => d.id === deal.id);
  assert.equal(moved.stage_id, call.id);
  assert.equal((await ui(page)).editor_open, false);
  // Cancel: the deal and the editor's stage stay where they were.
  await click(page, `card:${other.id}`);
  await click(page, 'editor:stage');
  await click(page, `editor:stage-option:${call.name}`);
  await click(page, 'move:cancel');
  assert.equal((await ui(page)).move_pending, false);
  await click(page, 'editor:save');
  assert.equal((await state(page)).deals.find((d) => d.id === other.id).stage_id, lead.id);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
