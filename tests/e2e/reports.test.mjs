// Reports through real clicks on the sample pipeline: the figures the window shows are compared
// with figures this test computes itself from window.kariz.state(); a report is exported to CSV
// through its button and the file is checked; an exchange rate is typed into the settings tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, click, frames, rect, state, shot, shotsDir, typeInto } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const report = (page) => page.evaluate(() => window.kariz.report());
const secs = (iso) => (iso ? Date.parse(iso) / 1000 : 0);

// "Last 12 months", the window's default period: from the first day of the month 11 months ago
// to the first day of next month, UTC.
function period(nowSeconds) {
  const d = new Date(nowSeconds * 1000);
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 11, 1) / 1000;
  const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
  return { from, to, in: (t) => t >= from && t < to };
}

// Minor units as the table writes them: "12500.00" (JPY-like currencies have no decimals).
const ZERO = ['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF', 'IRR', 'IQD'];
function plain(minor, currency) {
  if (ZERO.includes(currency)) return String(minor);
  return `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}
const pct = (a, b) => (b ? (Math.round((a * 1000) / b) / 10).toFixed(1) : '');

async function openReports() {
  const ctx = await env.browser.newContext({ viewport: { width: 1500, height: 860 }, acceptDownloads: true });
  const page = await openApp(ctx, env.url);
  await click(page, 'button:load-sample');
  await click(page, 'button:reports');
  await rect(page, 'reports:tab:stages');
  return { ctx, page, s: await state(page), now: await page.evaluate(() => Math.floor(Date.now() / 1000)) };
}

async function tab(page, slug) {
  await click(page, `reports:tab:${slug}`);
  const r = await report(page);
  assert.equal(r.report, slug);
  return r;
}

test('reports show the numbers of the state: stages, win rate, funnel, touches, leaderboard', async () => {
  const { ctx, page, s, now } = await openReports();
  const pl = s.pipelines[0];
  const deals = s.deals.filter((d) => d.pipeline_id === pl.id);
  const p = period(now);

  // Deals per stage, now: open deals of the pipeline, count and value per currency.
  const stages = await tab(page, 'stages');
  await shot(page, 'reports-stages');
  assert.deepEqual(stages.rows.map((r) => r[0]), pl.stages.map((x) => x.name));
  for (const [i, st] of pl.stages.entries()) {
    const here = deals.filter((d) => d.status === 'open' && d.stage_id === st.id);
    assert.equal(stages.rows[i][1], String(here.length), `deals in ${st.name}`);
    for (const [c, col] of stages.header.entries()) {
      const m = /^Value ([A-Z]{3})$/.exec(col);
      if (!m) continue;
      const sum = here.filter((d) => d.currency === m[1]).reduce((a, d) => a + d.value, 0);
      assert.equal(stages.rows[i][c], plain(sum, m[1]), `${col} in ${st.name}`);
    }
  }
  assert.ok(stages.rows.some((r) => Number(r[1]) > 0), 'the sample has open deals');

  // Win rate over deals closed in the period.
  const closed = deals.filter((d) => d.status !== 'open' && p.in(secs(d.closed_at)));
  const won = closed.filter((d) => d.status === 'won').length, lost = closed.filter((d) => d.status === 'lost').length;
  const wr = await tab(page, 'win-rate');
  await shot(page, 'reports-win-rate');
  const all = wr.rows.find((r) => r[0] === 'All');
  assert.deepEqual(all, ['All', String(won), String(lost), String(closed.length - won - lost), pct(won, won + lost)]);
  for (const u of s.users) {
    const mine = closed.filter((d) => d.owner_id === u.id);
    const row = wr.rows.find((r) => r[0] === u.name);
    if (!mine.length) continue;
    const w = mine.filter((d) => d.status === 'won').length, l = mine.filter((d) => d.status === 'lost').length;
    assert.deepEqual(row.slice(1, 3), [String(w), String(l)], `win rate of ${u.name}`);
  }

  // Funnel over deals created in the period: how many won, how many reached the second stage.
  const cohort = deals.filter((d) => p.in(secs(d.created_at)));
  const funnel = await tab(page, 'funnel');
  await shot(page, 'reports-funnel');
  const wonRow = funnel.rows.at(-1);
  assert.equal(wonRow[0], 'Won');
  assert.equal(wonRow[1], String(cohort.filter((d) => d.status === 'won').length));
  const pos = (id) => pl.stages.findIndex((x) => x.id === id);
  const reached = (i) => cohort.filter((d) => d.status === 'won' || Math.max(...d.history.map((v) => pos(v.stage_id))) >= i).length;
  for (let i = 0; i < pl.stages.length; i++) assert.equal(funnel.rows[i][1], String(reached(i)), `reached ${pl.stages[i].name}`);
  assert.equal(funnel.rows.filter((r) => r[6] === 'yes').length, 1, 'one lame stage is named');

  // Touches by channel in the period.
  const touches = await tab(page, 'touches');
  await shot(page, 'reports-touches');
  for (const [i, kind] of ['call', 'email', 'meeting', 'message'].entries()) {
    const acts = deals.flatMap((d) => d.activities || []).filter((a) => a.kind === kind && p.in(secs(a.at)));
    const out = acts.filter((a) => a.direction === 'out');
    const answered = out.filter((a) => a.answered).length;
    assert.deepEqual(touches.rows[i].slice(1, 5), [String(out.length), String(answered), pct(answered, out.length),
      String(acts.length - out.length)], `touches by ${kind}`);
  }

  // Leaderboard: open deals per seller now.
  const leaders = await tab(page, 'leaderboard');
  await shot(page, 'reports-leaderboard');
  for (const u of s.users) {
    const row = leaders.rows.find((r) => r[0] === u.name);
    assert.equal(row[1], String(deals.filter((d) => d.owner_id === u.id && d.status === 'open').length), `open deals of ${u.name}`);
  }

  for (const slug of ['time', 'forecast', 'knowledge']) {
    const r = await tab(page, slug);
    assert.ok(r.rows.length > 0, `${slug} has rows`);
    await shot(page, `reports-${slug}`);
  }
  // Time in stage: the velocity row counts the deals won in the period.
  await click(page, 'reports:tab:time');
  const time = await report(page);
  assert.equal(time.rows.at(-1)[1], String(closed.filter((d) => d.status === 'won').length));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('one seller: the picker narrows every figure to their deals', async () => {
  const { ctx, page, s } = await openReports();
  const seller = s.users.find((u) => u.role === 'seller' && s.deals.some((d) => d.owner_id === u.id && d.status === 'open'));
  await click(page, 'reports:seller');
  await click(page, `reports:seller-option:${seller.id}`);
  const stages = await report(page);
  const pl = s.pipelines[0];
  for (const [i, st] of pl.stages.entries()) {
    const n = s.deals.filter((d) => d.owner_id === seller.id && d.status === 'open' && d.stage_id === st.id).length;
    assert.equal(stages.rows[i][1], String(n), `${seller.name}'s deals in ${st.name}`);
  }
  await shot(page, 'reports-one-seller');

  // Back to all sellers, and the stages as they stood three weeks ago, rebuilt from the history.
  await click(page, 'reports:seller');
  await click(page, 'reports:seller-option:all');
  const now = await page.evaluate(() => Math.floor(Date.now() / 1000));
  const date = new Date((now - 21 * 86400) * 1000).toISOString().slice(0, 10);
  await typeInto(page, 'reports:as-of', date);
  const asOf = Date.parse(`${date}T23:59:59Z`) / 1000;
  const past = await report(page);
  const stageAt = (d) => {
    if (secs(d.created_at) > asOf || (d.status !== 'open' && secs(d.closed_at) <= asOf)) return null;
    const v = d.history.find((x) => secs(x.entered) <= asOf && (!x.left || asOf < secs(x.left)));
    return v ? v.stage_id : null;
  };
  let differs = false;
  for (const [i, st] of pl.stages.entries()) {
    const n = s.deals.filter((d) => stageAt(d) === st.id).length;
    assert.equal(past.rows[i][1], String(n), `deals in ${st.name} on ${date}`);
    differs ||= n !== s.deals.filter((d) => d.status === 'open' && d.stage_id === st.id).length;
  }
  assert.ok(differs, 'three weeks ago the board looked different');
  await shot(page, 'reports-stages-past');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a seller does not see Reports', async () => {
  const { ctx, page, s } = await openReports();
  // The same board with a seller as the current user, brought in through Import JSON.
  const seller = s.users.find((u) => u.role === 'seller');
  const snapshot = { ...s, settings: { ...s.settings, current_user_id: seller.id } };
  await click(page, 'reports:tab:stages');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'button:import')]);
  await chooser.setFiles({ name: 'seller.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(snapshot)) });
  await page.waitForFunction(() => window.kariz.ui().import_pending, null, { timeout: 60000 });
  await frames(page, 2);
  await click(page, 'button:import-confirm');
  assert.equal((await state(page)).settings.current_user_id, seller.id);
  await frames(page, 3);
  assert.equal(await page.evaluate(() => !!window.kariz.rect('button:reports')), false, 'no Reports for a seller');
  assert.equal(await report(page), null, 'the window closed');
  await shot(page, 'reports-hidden-for-seller');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('export a report to CSV, and exchange rates add converted totals', async () => {
  const { ctx, page, s } = await openReports();
  const shownStages = await report(page);
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'reports:export:stages')]);
  assert.match(download.suggestedFilename(), /^kariz-stages-\d{8}\.csv$/);
  const file = path.join(shotsDir, 'report-stages.csv');
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.endsWith('\r\n'), 'CRLF line ends');
  const lines = text.trimEnd().split('\r\n');
  const quote = (c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  assert.equal(lines[0], shownStages.header.map(quote).join(','));
  assert.deepEqual(lines.slice(1), shownStages.rows.map((r) => r.map(quote).join(',')));
  const total = lines.slice(1).reduce((a, l) => a + Number(l.split(',')[1]), 0);
  assert.equal(total, s.deals.filter((d) => d.pipeline_id === s.pipelines[0].id && d.status === 'open').length);

  // 1 USD = 0.92 EUR, typed into the settings tab.
  await click(page, 'reports:tab:settings');
  await typeInto(page, 'reports:rate-currency', 'USD');
  await typeInto(page, 'reports:rate-value', '0.92');
  await click(page, 'reports:rate-add');
  await shot(page, 'reports-settings');
  const after = await state(page);
  assert.deepEqual(after.settings.exchange_rates, [{ currency: 'USD', per_million: 920000 }]);
  const stages = await tab(page, 'stages');
  const conv = stages.header.indexOf('Value (converted to EUR)');
  assert.ok(conv > 0, 'a converted column appears');
  const eur = stages.header.indexOf('Value EUR'), usd = stages.header.indexOf('Value USD');
  // Only EUR and USD convert (other currencies have no rate and are left out, as the note says).
  for (const row of stages.rows) {
    const cents = (t) => Math.round(Number(t) * 100);
    assert.equal(cents(row[conv]), cents(row[eur]) + Math.round(cents(row[usd]) * 0.92));
  }
  await shot(page, 'reports-stages-converted');

  // A monthly quota of 5000.00 EUR for a seller: the forecast shows target, won and gap.
  const seller = s.users.find((u) => u.role === 'seller');
  await click(page, 'reports:tab:settings');
  await typeInto(page, `reports:quota:${seller.id}`, '5000');
  await click(page, 'reports:rate-currency');  // leaving the field saves it
  const withQuota = await state(page);
  assert.equal(withQuota.users.find((u) => u.id === seller.id).monthly_quota, 500000);
  const forecast = await tab(page, 'forecast');
  const q = forecast.rows.find((r) => r[0] === `Quota: ${seller.name}`);
  assert.ok(q, 'a quota row');
  assert.equal(q[2], 'target 60000.00');  // 12 months of the period
  const p = period(await page.evaluate(() => Math.floor(Date.now() / 1000)));
  const wonBy = s.deals.filter((d) => d.pipeline_id === s.pipelines[0].id && d.owner_id === seller.id && d.status === 'won' &&
    p.in(secs(d.closed_at)));
  const wonEur = wonBy.reduce((a, d) => a + (d.currency === 'EUR' ? d.value : d.currency === 'USD' ? Math.round(d.value * 0.92) : 0), 0);
  assert.equal(q[3], `won ${plain(wonEur, 'EUR')}`);
  assert.equal(q[4], `gap ${plain(500000 * 12 - wonEur, 'EUR')}`);
  await shot(page, 'reports-forecast-quota');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
