// The selling method on the board: rotting with a moved clock, a move past unmet exit criteria
// with a justification, the follow-up after a presentation, gone dark, disqualify and restore.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, click, drag, frames, rect, state, ui, typeInto, shot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const on = (page, name) => page.evaluate((n) => !!window.kariz.rect(n), name);

async function sampleBoard() {
  const ctx = await env.browser.newContext({ viewport: { width: 1500, height: 860 } });
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  return { ctx, page, s: await state(page) };
}

test('advance the clock and a card rots: tinted, badged and listed in Needs attention', async () => {
  const { ctx, page, s } = await sampleBoard();
  const sales = s.pipelines[0];
  const lead = sales.stages.find((x) => x.name === 'Lead');
  const deal = s.deals.filter((d) => d.stage_id === lead.id && d.status === 'open')
    .sort((a, b) => b.stage_entered_at.localeCompare(a.stage_entered_at))[0];  // the freshest, not rotting yet
  const badge = `card-flag:${deal.id}:1`;
  await rect(page, `card:${deal.id}`);
  assert.equal(await on(page, badge), false, 'not rotting today');
  const now = await page.evaluate(() => Math.floor(Date.now() / 1000));
  await page.evaluate((t) => window.kariz.setClock(t), now + (lead.rotting_days + 3) * 86400);
  await rect(page, badge);  // the R badge (its tooltip says the rule and the action)
  await shot(page, 'rotting-board');
  await click(page, 'button:attention');
  await shot(page, 'rotting-attention');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('moving past unmet exit criteria asks for a justification, which lands in the history', async () => {
  const { ctx, page, s } = await sampleBoard();
  const sales = s.pipelines[0];
  const lead = sales.stages.find((x) => x.name === 'Lead'), call = sales.stages.find((x) => x.name === 'First sales call');
  const deal = s.deals.find((d) => d.stage_id === lead.id && d.status === 'open' && !d.criteria.some((c) => c.id === 'need' && c.state === 'met'));
  await drag(page, `card:${deal.id}`, `column:${call.id}`);
  assert.equal((await ui(page)).move_pending, true);
  assert.equal((await state(page)).deals.find((d) => d.id === deal.id).stage_id, lead.id, 'not moved before the seller decides');
  await shot(page, 'exit-criteria-warning');
  await typeInto(page, 'move:justification', 'Need confirmed on a call, notes to follow');
  await click(page, 'move:confirm');
  const moved = (await state(page)).deals.find((d) => d.id === deal.id);
  assert.equal(moved.stage_id, call.id);
  assert.equal(moved.history.at(-1).justification, 'Need confirmed on a call, notes to follow');
  // Cancel leaves the deal where it was.
  const other = s.deals.find((d) => d.stage_id === lead.id && d.status === 'open' && d.id !== deal.id &&
    !d.criteria.some((c) => c.id === 'need' && c.state === 'met'));
  await drag(page, `card:${other.id}`, `column:${call.id}`);
  await click(page, 'move:cancel');
  assert.equal((await state(page)).deals.find((d) => d.id === other.id).stage_id, lead.id);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('entering the presentation stage suggests a follow-up call for the next day', async () => {
  const { ctx, page, s } = await sampleBoard();
  const sales = s.pipelines[0];
  const call = sales.stages.find((x) => x.name === 'First sales call');
  const meeting = sales.stages.find((x) => x.name === 'Presentation / meeting');
  assert.equal(meeting.follow_up_next_day, true);
  const deal = s.deals.find((d) => d.stage_id === call.id && d.status === 'open');
  await drag(page, `card:${deal.id}`, `column:${meeting.id}`);
  if ((await ui(page)).move_pending) {
    await typeInto(page, 'move:justification', 'Budget and authority known from the call');
    await click(page, 'move:confirm');
  }
  await rect(page, 'followup:schedule');
  await shot(page, 'follow-up-suggestion');
  await click(page, 'followup:schedule');
  const d = (await state(page)).deals.find((x) => x.id === deal.id);
  assert.equal(d.stage_id, meeting.id);
  assert.equal(d.next.kind, 'call');
  assert.match(d.next.note, /Thank them/);
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  assert.equal(d.next.due, `${tomorrow}T10:00:00Z`);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a gone-dark deal is disqualified with one click, the goodbye email copied, and restored from Nurture', async () => {
  const { ctx, page, s } = await sampleBoard();
  const dark = s.deals.find((d) => d.status === 'open' && d.activities.filter((a) => a.direction === 'out' && !a.answered).length >= 5);
  assert.ok(dark, 'the sample has a deal that went dark');
  await click(page, 'button:attention');
  await rect(page, `attention:rule:${dark.id}:0`);
  await shot(page, 'gone-dark-attention');
  await click(page, `attention:gone-dark:${dark.id}`);
  let d = (await state(page)).deals.find((x) => x.id === dark.id);
  assert.equal(d.status, 'disqualified');
  assert.equal(d.dq_reason, 'gone_dark');
  const copied = (await ui(page)).last_copied;
  assert.ok(copied.startsWith(`Hello ${dark.contact.name || dark.organization}`), copied.slice(0, 60));
  assert.match(copied, /Kariz Demo Co\./);
  await click(page, 'button:attention');
  await click(page, 'button:nurture');
  await shot(page, 'nurture');
  await click(page, `nurture:restore:${dark.id}`);
  d = (await state(page)).deals.find((x) => x.id === dark.id);
  assert.equal(d.status, 'open');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
