// Arabic and Persian: the interface in three languages, Persian typed with the keyboard and kept
// through a reload, Arabic copied and pasted, and the board in each language compared with a
// stored reference image (tests/e2e/reference/board-<lang>.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openApp, click, frames, rect, state, ui, waitSaved, shot, differingShare } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const referenceDir = path.join(here, 'reference');
let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const newContext = () => env.browser.newContext({ viewport: { width: 1400, height: 820 } });
// A fixed moment, so ages, scores and dates on the cards are the same on every run.
const CLOCK = Date.UTC(2026, 10, 22, 9, 0, 0) / 1000;

// Types the way a Persian or Arabic keyboard layout does: each key press carries its character
// (a US layout in Playwright's keyboard.type would paste the text instead of pressing keys).
async function typeWithLayout(page, text) {
  const cdp = await page.context().newCDPSession(page);
  for (const ch of text) {
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch });
  }
  await cdp.detach();
  await frames(page, 2);
}

async function chooseLanguageInSettings(page, code) {
  await click(page, 'menu:pipeline');
  await click(page, 'menu:settings');
  await click(page, 'settings:tab-language');
  await click(page, `language:${code}`);
  await frames(page, 3);
}

// The sample board in one language, chosen on the welcome screen as a new user would.
async function sampleBoardIn(code) {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await page.evaluate((t) => window.kariz.setClock(t), CLOCK);
  await click(page, `welcome:language-${code}`);
  await click(page, 'button:load-sample');
  await frames(page, 6);  // the right-to-left board scrolls to its right end on its second frame
  return { ctx, page };
}

test('Persian chosen in Settings: columns run right to left; a title typed on a Persian keyboard survives a reload', async () => {
  const ctx = await newContext();
  let page = await openApp(ctx, env.url);
  await click(page, 'button:start-empty');
  let s = await state(page);
  const stages = s.pipelines[0].stages;
  const first = await rect(page, `column:${stages[0].id}`), second = await rect(page, `column:${stages[1].id}`);
  assert.ok(first.x < second.x, 'English: Unsorted is the leftmost column');

  await chooseLanguageInSettings(page, 'fa');
  let u = await ui(page);
  assert.equal(u.language, 'fa');
  assert.equal(u.rtl, true);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await page.keyboard.press('Escape');
  await frames(page, 2);
  const firstFa = await rect(page, `column:${stages[0].id}`), secondFa = await rect(page, `column:${stages[1].id}`);
  assert.ok(firstFa.x > secondFa.x, 'Persian: Unsorted is the rightmost column, the next stage at its left');

  // A sentence of the source articles, with a number, a Latin word and a zero-width non-joiner.
  const title = 'قرارداد پشتیبانی ۱۴۰۵ برای CRM شرکت پارس‌گستر';
  await click(page, 'button:new-deal');
  await click(page, 'editor:title');
  await typeWithLayout(page, title);
  u = await ui(page);
  assert.equal(u.draft_title, title, 'the field holds what was typed, in logical order');
  await rect(page, 'field:shaped-preview');  // while typing, the shaped words show under the field
  await shot(page, 'i18n-fa-typing');
  await click(page, 'editor:save');
  s = await state(page);
  const deal = s.deals.find((d) => d.title === title);
  assert.ok(deal, 'the stored title is exactly the typed string');
  await waitSaved(page);
  await shot(page, 'i18n-fa-board-with-deal');

  await page.reload();
  await page.waitForFunction(() => window.kariz && window.kariz.ready(), null, { timeout: 30000 });
  await frames(page, 4);
  s = await state(page);
  assert.equal(s.deals.find((d) => d.id === deal.id).title, title, 'after the reload the same string is stored');
  u = await ui(page);
  assert.equal(u.language, 'fa', 'the language is kept on this device');
  assert.deepEqual(u.missing_keys, [], 'every word shown has a Persian text');
  assert.ok(!JSON.stringify(s).includes('"language"'), 'the language is not part of the shared workspace');

  // Sorted by title, the column follows the Persian alphabet: چ after ج and before ح, گ after ک
  // and before ل (code point order would put ح before چ and ل before گ).
  for (const t of ['لوازم اداری', 'حافظ', 'گلستان', 'چاپ']) {
    await click(page, 'button:new-deal');
    await click(page, 'editor:title');
    await typeWithLayout(page, t);
    await click(page, 'editor:save');
  }
  await click(page, 'combo:card-order');
  await click(page, 'card-order:1');
  s = await state(page);
  const y = async (t) => (await rect(page, `card:${s.deals.find((d) => d.title === t).id}`)).y;
  const order = ['چاپ', 'حافظ', 'گلستان', 'لوازم اداری'];
  for (let i = 1; i < order.length; i++) assert.ok(await y(order[i - 1]) < await y(order[i]), `${order[i - 1]} above ${order[i]}`);
  await shot(page, 'i18n-fa-sorted-by-title');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('Arabic pasted into a field is stored as pasted, and copying it puts the same text on the clipboard', async () => {
  const ctx = await newContext();
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await openApp(ctx, env.url);
  await click(page, 'button:start-empty');
  const text = 'مرحلة الاقتراح: لا إله إلا الله ٢٠٢٦';  // lam-alef ligatures and Arabic-Indic digits
  await click(page, 'button:new-deal');
  await click(page, 'editor:title');
  await page.waitForFunction(() => window.kariz.ui().text_input);  // the field has the keyboard
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, text);
  await frames(page, 3);
  assert.equal((await ui(page)).draft_title, text);
  await page.keyboard.press('Control+A');
  await frames(page, 1);
  await page.keyboard.press('Control+C');
  await frames(page, 3);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  await click(page, 'editor:save');
  assert.ok((await state(page)).deals.some((d) => d.title === text));
  await shot(page, 'i18n-ar-pasted');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

for (const code of ['en', 'ar', 'fa']) {
  test(`the sample board in ${code} matches its reference image`, async () => {
    const { ctx, page } = await sampleBoardIn(code);
    const u = await ui(page);
    assert.equal(u.language, code);
    assert.deepEqual(u.missing_keys, []);
    const png = await page.screenshot();
    fs.writeFileSync(path.join(path.dirname(await shot(page, `i18n-board-${code}`)), `i18n-board-${code}.png`), png);
    const reference = path.join(referenceDir, `board-${code}.png`);
    if (process.env.KARIZ_UPDATE_REFERENCES === '1') {
      fs.writeFileSync(reference, png);
    }
    assert.ok(fs.existsSync(reference), `no reference image ${reference} (make one with KARIZ_UPDATE_REFERENCES=1 and look at it)`);
    const share = await differingShare(page, png, fs.readFileSync(reference));
    assert.ok(share < 0.005, `${(share * 100).toFixed(2)}% of the pixels differ from ${reference}`);
    // The comparison can tell languages apart: another language's reference differs a lot.
    const other = path.join(referenceDir, `board-${code === 'en' ? 'fa' : 'en'}.png`);
    if (fs.existsSync(other)) assert.ok(await differingShare(page, png, fs.readFileSync(other)) > 0.02);
    assert.deepEqual(page.errors, []);
    await ctx.close();
  });
}

test('starting empty in Persian names the pipeline and its stages in Persian', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await click(page, 'welcome:language-fa');
  await click(page, 'button:start-empty');
  const s = await state(page);
  assert.equal(s.pipelines[0].name, 'فروش');
  assert.deepEqual(s.pipelines[0].stages.map((x) => x.name),
    ['دسته‌بندی‌نشده', 'سرنخ', 'نخستین تماس فروش', 'ارائه / جلسه', 'پیگیری', 'بستن قرارداد']);
  assert.deepEqual((await ui(page)).missing_keys, []);
  await shot(page, 'i18n-fa-start-empty');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
