// The deal editor's selling-method tabs in a browser: qualify with BANT, log touches until the
// lead goes dark, schedule the next activity, copy the goodbye email, disqualify and undo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, click, typeInto, frames, rect, state, ui, shot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const newContext = () => env.browser.newContext({ viewport: { width: 1400, height: 820 } });
const onScreen = (page, name) => page.evaluate((n) => window.kariz.rect(n) !== null, name);
const dealOf = async (page, id) => (await state(page)).deals.find((d) => d.id === id);

// A card in the first pipeline's "Lead" column (the second one, fully on screen), opened in the editor.
async function openLeadCard(page) {
  await click(page, 'button:load-sample');
  const s = await state(page);
  const p = s.pipelines[0];
  const lead = p.stages.find((x) => x.name === 'Lead').id;
  const candidates = s.deals.filter((d) => d.pipeline_id === p.id && d.stage_id === lead && d.status === 'open');
  for (const d of candidates) {
    if (await onScreen(page, `card:${d.id}`)) {
      await click(page, `card:${d.id}`);
      assert.equal((await ui(page)).editor_open, true);
      return d;
    }
  }
  throw new Error('no Lead card on screen');
}

// ImGui 1.86 tabs allow overlap, so they take a click only when the pointer already hovered them
// (or nothing) the frame before: move there first, as a hand does, then click.
async function clickTab(page, name) {
  const r = await rect(page, name);
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await frames(page, 2);
  await click(page, name);
}

// Replaces the text of a prefilled field with keys that cannot race on a slow frame: Ctrl+A can
// lose its Ctrl when both keys land between two frames, and the typed text is then appended.
async function retype(page, name, text) {
  await click(page, name);
  await page.keyboard.press('End');
  for (let i = 0; i < 16; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await frames(page, 2);
}

const unansweredStreak = (d) => {
  let n = 0;
  for (let i = d.activities.length - 1; i >= 0; i--) {
    const a = d.activities[i];
    if (a.kind === 'note') continue;
    if (a.direction !== 'out' || a.answered) break;
    n++;
  }
  return n;
};

test('qualify a deal with BANT: each criterion met, with a note', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  const deal = await openLeadCard(page);
  await clickTab(page, 'editor:tab-qualification');
  await rect(page, 'qual:framework');
  for (const c of ['budget', 'authority', 'need', 'timeline']) await click(page, `qual:${c}:met`);
  let d = await dealOf(page, deal.id);
  const byId = Object.fromEntries(d.criteria.map((c) => [c.id, c.state]));
  assert.deepEqual(byId, { budget: 'met', authority: 'met', need: 'met', timeline: 'met' });

  // A note is stored when the field lets go, with the state it had.
  await typeInto(page, 'qual:budget:note', 'Approved 40k for Q1');
  assert.equal((await dealOf(page, deal.id)).criteria.find((c) => c.id === 'budget').note, '', 'not before the field lets go');
  await click(page, 'qual:timeline:not_met');  // another widget takes the focus
  d = await dealOf(page, deal.id);
  assert.deepEqual(d.criteria.find((c) => c.id === 'budget'), { id: 'budget', state: 'met', note: 'Approved 40k for Q1' });
  assert.equal(d.criteria.find((c) => c.id === 'timeline').state, 'not_met');
  await click(page, 'qual:timeline:met');
  await shot(page, 'qualification');

  // Each click is its own undo step.
  await page.keyboard.press('Control+z');
  await frames(page, 3);
  assert.equal((await dealOf(page, deal.id)).criteria.find((c) => c.id === 'timeline').state, 'not_met');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('log five unanswered emails, schedule and finish the next activity, set the priority', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  const deal = await openLeadCard(page);
  await clickTab(page, 'editor:tab-activities');
  const before = (await dealOf(page, deal.id)).activities.length;
  // Email, outgoing, unanswered are the defaults of the form.
  await click(page, 'act:outgoing');
  for (let i = 1; i <= 5; i++) {
    await typeInto(page, 'act:note', `Follow-up email ${i}`);
    await click(page, 'act:log');
  }
  let d = await dealOf(page, deal.id);
  assert.equal(d.activities.length, before + 5);
  const last = d.activities.slice(-5);
  assert.deepEqual(last.map((a) => [a.kind, a.direction, a.answered]), Array(5).fill(['email', 'out', false]));
  assert.deepEqual(last.map((a) => a.note).sort(), [1, 2, 3, 4, 5].map((i) => `Follow-up email ${i}`));
  assert.ok(unansweredStreak(d) >= 5, 'gone dark');

  // An incoming answer ends the streak; undo brings it back.
  await click(page, 'act:incoming');
  await typeInto(page, 'act:note', 'They called back');
  await click(page, 'act:log');
  d = await dealOf(page, deal.id);
  assert.equal(d.activities.at(-1).direction, 'in');
  assert.equal(unansweredStreak(d), 0);
  assert.equal((await dealOf(page, deal.id)).activities.length, before + 6);
  await page.keyboard.press('Control+z');
  await frames(page, 3);
  assert.equal((await dealOf(page, deal.id)).activities.length, before + 5);
  await click(page, 'act:outgoing');

  // The next activity: a bad date is refused, a good one is stored as UTC seconds.
  await retype(page, 'act:next-date', '2026-02-30');
  await click(page, 'act:schedule');
  assert.equal((await dealOf(page, deal.id)).next, null);
  await retype(page, 'act:next-date', '2031-03-04');
  await retype(page, 'act:next-time', '09:30');
  await typeInto(page, 'act:next-note', 'Ask who signs');
  await click(page, 'act:schedule');
  d = await dealOf(page, deal.id);
  assert.deepEqual(d.next, { kind: 'call', due: '2031-03-04T09:30:00Z', note: 'Ask who signs' });

  await click(page, 'act:priority');
  await click(page, 'act:priority-option:High');
  assert.equal((await dealOf(page, deal.id)).priority, 2);
  await shot(page, 'activities');

  // Done logs the call as an outgoing touch and clears the next activity.
  await click(page, 'act:next-done');
  d = await dealOf(page, deal.id);
  assert.equal(d.next, null);
  assert.equal(d.activities.length, before + 6);
  const done = d.activities.at(-1);
  assert.deepEqual([done.kind, done.direction, done.answered, done.note], ['call', 'out', false, 'Ask who signs']);
  assert.equal((await ui(page)).action_error, '');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('copy the goodbye email, disqualify with "No budget", undo brings the card back', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  const deal = await openLeadCard(page);
  await clickTab(page, 'editor:tab-disqualify');
  await rect(page, 'dq:reason');
  await click(page, 'dq:copy-email');
  const copied = (await ui(page)).last_copied;
  assert.ok(copied.includes(deal.contact.name), `the email names ${deal.contact.name}: ${copied}`);
  assert.ok(copied.includes('Regards'));

  await click(page, 'dq:reason');
  await click(page, 'dq:reason-option:no_budget');
  await typeInto(page, 'dq:note', 'Budget frozen until next year');
  await shot(page, 'disqualify');
  await click(page, 'dq:confirm');
  const d = await dealOf(page, deal.id);
  assert.equal(d.status, 'disqualified');
  assert.equal(d.dq_reason, 'no_budget');
  assert.equal(d.dq_note, 'Budget frozen until next year');
  assert.equal((await ui(page)).editor_open, false);
  await frames(page, 2);
  assert.equal(await onScreen(page, `card:${deal.id}`), false, 'the card left the board');

  await page.keyboard.press('Control+z');
  await frames(page, 3);
  assert.equal((await dealOf(page, deal.id)).status, 'open');
  await rect(page, `card:${deal.id}`);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('"Other" needs a note before the deal can be disqualified', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  const deal = await openLeadCard(page);
  await clickTab(page, 'editor:tab-disqualify');
  await click(page, 'dq:reason');
  await click(page, 'dq:reason-option:other');
  await click(page, 'dq:confirm');  // disabled
  assert.equal((await dealOf(page, deal.id)).status, 'open');
  assert.equal((await ui(page)).editor_open, true);
  await typeInto(page, 'dq:note', 'Bought from a partner of ours');
  await click(page, 'dq:confirm');
  const d = await dealOf(page, deal.id);
  assert.deepEqual([d.status, d.dq_reason, d.dq_note], ['disqualified', 'other', 'Bought from a partner of ours']);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
