// CSV in a browser: import a 10,000-row export of another CRM through the real file picker,
// map its columns, watch the progress bar, see the rows that cannot be read, import or cancel;
// export what the board shows and every deal, and read the downloaded files back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, openApp, click, frames, rect, state, ui, waitSaved, shot, typeInto } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const newContext = () => env.browser.newContext({ viewport: { width: 1280, height: 760 }, acceptDownloads: true });

const STAGES = ['Lead', 'First sales call', 'Presentation / meeting', 'Mystery stage'];
const toPersian = (s) => s.replace(/[0-9]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]);

// A HubSpot-style export with a BOM: quoted commas and newlines, Arabic and Persian text,
// Persian digits in amounts, an unknown stage, won and lost rows, and some rows that cannot be
// read. Returns the text and what an import must make of it.
function makeCsv(rows) {
  const q = (s) => (/[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
  let text = '\uFEFFDeal Name,Amount,Currency,Deal Stage,Deal owner,Associated Company,Close Date,Create Date,Status,Probability (%)\r\n';
  let line = 2;
  const bad = [], good = { total: 0, open: 0, unsorted: 0 };
  for (let i = 0; i < rows; i++) {
    let title = `Deal ${i}`, amount = `${1000 + i}.50`, org = `Company ${i % 300}, Ltd`, close = '15/04/2026', status = 'open';
    if (i % 7 === 0) { title = `صفقة رقم ${i}`; org = 'شرکت نمونه'; }
    if (i % 11 === 0) amount = toPersian(`${2000 + i}`);
    if (i % 50 === 0) title += '\nsecond line';
    if (i % 13 === 0) status = 'Closed Won';
    if (i % 17 === 0) status = 'lost';
    let reason = null;
    if (i % 500 === 250) { amount = 'n/a'; reason = 'value "n/a"'; }
    else if (i % 997 === 3) { close = '32/13/2026'; reason = 'expected close date "32/13/2026"'; }
    const stage = STAGES[i % STAGES.length];
    text += [q(title), q(amount), 'EUR', stage, 'Me', q(org), close, '2026-01-02 09:30', status, '40'].join(',') + '\r\n';
    if (reason) bad.push({ line, reason });
    else {
      good.total++;
      const open = status === 'open';
      if (open) good.open++;
      if (stage === 'Mystery stage') good.unsorted++;
    }
    line += 1 + (title.match(/\n/g) || []).length;
  }
  return { text, bad, good };
}

// RFC 4180 parser for checking downloads (quoted commas, doubled quotes, newlines).
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c === '\n' || c === '\r') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const csvState = (page) => page.evaluate(() => window.kariz.csv());

async function pickCsv(page, name, text) {
  await click(page, 'menu:csv');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'button:import-csv')]);
  await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await page.waitForFunction(() => { const c = window.kariz.csv(); return c.open || window.kariz.ui().import_error !== ''; }, null, { timeout: 60000 });
  await frames(page, 2);
}

// Press and release over a named item without the harness's trailing frames, so the first
// frames after the click can be watched.
async function quickClick(page, name) {
  const r = await rect(page, name);
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.up();
}

async function download(page, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click(page, name)]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

test('a CSV with bad rows can be cancelled at the summary and changes nothing', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:start-empty');
  await waitSaved(page);
  await pickCsv(page, 'small.csv', 'Title;Value;Stage\n"Acme; rollout";1.234,50;Lead\nBroken;12abc;Lead\nShort\n');
  let c = await csvState(page);
  assert.equal(c.delimiter, ';');
  assert.deepEqual(c.mapping, ['Title', 'Value', 'Stage']);
  // The combo of a column: its stage is ignored, so the deal lands in Unsorted.
  await click(page, 'csv:map:2');
  await click(page, 'csv:field:0');
  assert.deepEqual((await csvState(page)).mapping, ['Title', 'Value', '(ignore)']);
  await click(page, 'csv:read');
  await page.waitForFunction(() => window.kariz.csv().step === 'summary', null, { timeout: 30000 });
  c = await csvState(page);
  assert.equal(c.accepted, 1);
  assert.deepEqual(c.skipped.map((s) => s.line), [3, 4]);
  assert.match(c.skipped[0].reason, /value "12abc"/);
  assert.match(c.skipped[1].reason, /1 fields where the header has 3/);
  await shot(page, 'csv-small-summary');
  await click(page, 'csv:cancel');
  assert.equal((await csvState(page)).open, false);
  assert.equal((await state(page)).deals.length, 0);
  // The same file imported: one deal, one undo step.
  await pickCsv(page, 'small.csv', 'Title;Value;Stage\n"Acme; rollout";1.234,50;Lead\nBroken;12abc;Lead\nShort\n');
  await click(page, 'csv:read');
  await page.waitForFunction(() => window.kariz.csv().step === 'summary', null, { timeout: 30000 });
  await click(page, 'csv:import');
  const s = await state(page);
  assert.equal(s.deals.length, 1);
  assert.equal(s.deals[0].title, 'Acme; rollout');
  assert.equal(s.deals[0].value, 123450);
  assert.equal(s.deals[0].stage_id, s.pipelines[0].stages.find((x) => x.name === 'Lead').id);
  await click(page, 'button:undo');
  assert.equal((await state(page)).deals.length, 0);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('import 10,000 rows through the picker with a progress bar, then export the board and everything', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'button:start-empty');
  await waitSaved(page);
  const { text, bad, good } = makeCsv(10000);
  console.log(`# csv: ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MB, ${bad.length} bad rows`);
  await pickCsv(page, 'hubspot-deals.csv', text);

  // The mapping screen: every column recognised from HubSpot's header names.
  let c = await csvState(page);
  assert.equal(c.step, 'mapping');
  assert.deepEqual(c.mapping, ['Title', 'Value', 'Currency', 'Stage', 'Owner', 'Organization', 'Expected close date',
    'Created date', 'Status', '(ignore)']);
  assert.equal(c.date_order, 0, 'day first');
  await rect(page, 'csv:map:0');
  await shot(page, 'csv-mapping');

  // Reading: the fraction grows over many frames (read through the test interface on every
  // frame, inside the page); the screenshot is taken while that goes on.
  await quickClick(page, 'csv:read');
  const watching = page.evaluate(() => new Promise((resolve) => {
    const seen = [];
    const tick = () => {
      const s = window.kariz.csv();
      seen.push(s.fraction);
      if (s.step !== 'reading' || seen.length > 2000) resolve({ seen, step: s.step });
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }));
  await rect(page, 'csv:progress');
  const mid = (await csvState(page)).fraction;
  await shot(page, 'csv-progress');
  const later = (await csvState(page)).fraction;
  const watched = await watching;
  const fractions = watched.seen;
  const distinct = [...new Set(fractions)];
  console.log(`# csv: progress over ${fractions.length} frames: ${distinct.map((f) => f.toFixed(2)).join(' ')}; screenshot between ${mid.toFixed(2)} and ${later.toFixed(2)}`);
  assert.ok(distinct.length >= 6, `the bar moved in ${distinct.length} steps`);
  for (let k = 1; k < fractions.length; k++) assert.ok(fractions[k] >= fractions[k - 1], 'progress never goes back');
  assert.ok(mid > 0 && mid < 1, `screenshot started part way (${mid})`);
  assert.equal(watched.step, 'summary');

  // Summary: counts and the skipped rows with their line numbers (quoted newlines counted).
  c = await csvState(page);
  assert.equal(c.rows_read, 10000);
  assert.equal(c.accepted, good.total);
  assert.equal(c.skipped_count, bad.length);
  assert.deepEqual(c.skipped.map((s) => s.line), bad.map((b) => b.line));
  c.skipped.forEach((s, k) => assert.ok(s.reason.startsWith(bad[k].reason), `line ${s.line}: ${s.reason}`));
  assert.equal(c.unsorted, good.unsorted);
  await rect(page, 'csv:skipped-list');
  await shot(page, 'csv-summary');

  await click(page, 'csv:import');
  await page.waitForFunction(() => !window.kariz.csv().open, null, { timeout: 30000 });
  const s = await state(page);
  assert.equal(s.deals.length, good.total);
  const arabic = s.deals.find((d) => d.title === 'صفقة رقم 77');
  assert.ok(arabic, 'Arabic title kept');
  assert.equal(arabic.organization, 'شرکت نمونه');
  assert.equal(arabic.value, (2000 + 77) * 100, 'Persian digits read as 2077.00');
  assert.equal(arabic.expected_close, '2026-04-15');
  const multi = s.deals.find((d) => d.title === 'Deal 50\nsecond line');
  assert.ok(multi, 'quoted newline kept inside the title');
  const unsortedId = s.pipelines[0].stages[0].id;
  assert.equal(s.deals.filter((d) => d.stage_id === unsortedId).length, good.unsorted);
  assert.equal(s.deals.filter((d) => d.status === 'open').length, good.open);
  const u = await ui(page);
  assert.equal(u.can_undo, true);
  await waitSaved(page);
  await frames(page, 2);
  await shot(page, 'csv-imported-board');

  // Export what the board shows: current pipeline, open deals, the search filter.
  await typeInto(page, 'input:search', 'deal 12');
  await frames(page, 3);
  await click(page, 'menu:csv');
  const boardFile = await download(page, 'button:export-csv-board');
  assert.match(boardFile.name, /^kariz-board-\d{8}-\d{4}\.csv$/);
  assert.deepEqual([...boardFile.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM for Excel');
  const boardRows = parseCsv(boardFile.bytes.toString('utf8').slice(1));
  assert.equal(boardRows[0][0], 'Title');
  const expected = s.deals.filter((d) => d.status === 'open' && d.title.toLowerCase().includes('deal 12'));
  assert.ok(expected.length > 50);
  assert.equal(boardRows.length - 1, expected.length);
  assert.deepEqual(new Set(boardRows.slice(1).map((r) => r[0])), new Set(expected.map((d) => d.title)));
  assert.ok(boardRows.slice(1).every((r) => r[5] === 'open'));

  await click(page, 'menu:csv');
  const allFile = await download(page, 'button:export-csv-all');
  const allRows = parseCsv(allFile.bytes.toString('utf8').slice(1));
  assert.equal(allRows.length - 1, good.total);
  const header = allRows[0];
  const row = allRows.find((r) => r[0] === 'صفقة رقم 77');
  assert.equal(row[header.indexOf('Value')], '2077.00');
  assert.equal(row[header.indexOf('Currency')], 'EUR');
  assert.equal(row[header.indexOf('Expected close date')], '2026-04-15');
  assert.equal(row[header.indexOf('Created')], '2026-01-02T09:30:00Z');
  assert.ok(allRows.some((r) => r[0] === 'Deal 50\nsecond line'), 'newline survives the round trip');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
