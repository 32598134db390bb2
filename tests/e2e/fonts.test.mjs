// The interface font's atlas is kept in IndexedDB after it is built (web/fonts.cpp), and a later
// visit restores it instead of building it again (app/font_atlas.h): the board looks exactly the
// same. A kept atlas that is damaged, foreign or for another device pixel ratio is not used: the
// fonts are built again and the kept atlas replaced, and the board is not touched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openApp, click, frames, rect, state, ui, shot, differingShare } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

// As tests/e2e/i18n.test.mjs makes its reference images: the same viewport and clock.
const newContext = () => env.browser.newContext({ viewport: { width: 1400, height: 820 } });
const CLOCK = Date.UTC(2026, 10, 22, 9, 0, 0) / 1000;

const fonts = (page) => page.evaluate(() => window.kariz.fonts());

// The kept atlas as the page reads it from IndexedDB: its length and a digest of its bytes, or
// what else is stored under the key (null when nothing is).
function keptAtlas(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('kariz');
    req.onsuccess = () => {
      const get = req.result.transaction(['meta']).objectStore('meta').get('font-atlas');
      get.onsuccess = () => {
        req.result.close();
        const v = get.result;
        if (!(v instanceof Uint8Array)) { resolve(v === undefined ? null : { type: typeof v }); return; }
        let h = 2166136261;
        for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v[i], 16777619) >>> 0;
        resolve({ length: v.length, digest: h });
      };
      get.onerror = () => reject(get.error);
    };
    req.onerror = () => reject(req.error);
  }));
}

// Waits until an atlas is kept, other than `unlike` (what was kept before) if given.
async function waitKept(page, unlike = null) {
  for (let i = 0; i < 100; i++) {
    const kept = await keptAtlas(page);
    if (kept && kept.length && !(unlike && kept.digest === unlike.digest)) return kept;
    await page.waitForTimeout(100);
  }
  throw new Error('no (new) font atlas was kept in IndexedDB');
}

// Replaces the kept atlas with what `change` makes of its bytes (run in the page).
function changeKept(page, change) {
  return page.evaluate((src) => new Promise((resolve, reject) => {
    const changeFn = new Function('bytes', src);
    const req = indexedDB.open('kariz');
    req.onsuccess = () => {
      const tx = req.result.transaction(['meta'], 'readwrite'), meta = tx.objectStore('meta');
      const get = meta.get('font-atlas');
      get.onsuccess = () => meta.put(changeFn(get.result), 'font-atlas');
      tx.oncomplete = () => { req.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  }), change);
}

async function reload(page) {
  await page.reload();
  await page.waitForFunction(() => window.kariz && window.kariz.ready(), null, { timeout: 30000 });
  await page.evaluate((t) => window.kariz.setClock(t), CLOCK);
  await frames(page, 6);
}

// The English sample board on a fresh profile, as a new user opens it.
async function sampleBoard() {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  await page.evaluate((t) => window.kariz.setClock(t), CLOCK);
  await click(page, 'welcome:language-en');
  await click(page, 'button:load-sample');
  await frames(page, 6);
  return { ctx, page };
}

// Where text of measured width was drawn: these move if any glyph's advance differs.
async function textRects(page) {
  const s = await state(page);
  const names = ['button:reports', 'combo:pipeline', ...s.deals.slice(0, 6).map((d) => 'card-qual:' + d.id)];
  const out = {};
  for (const n of names) out[n] = await page.evaluate((x) => window.kariz.rect(x), n);
  return out;
}

test('a reload restores the kept font atlas and draws the board exactly as the built one', async () => {
  const { ctx, page } = await sampleBoard();
  const built = await fonts(page);
  assert.equal(built.source, 'built', 'a first visit builds the fonts');
  assert.match(built.fingerprint, /^[0-9a-f]{16}$/);
  const kept = await waitKept(page);
  assert.ok(kept.length > 100000, `the kept atlas holds the pixels (${kept.length} bytes)`);
  const rectsBuilt = await textRects(page);

  await reload(page);
  const restored = await fonts(page);
  assert.equal(restored.source, 'restored');
  assert.equal(restored.fingerprint, built.fingerprint, 'the same glyphs, metrics and pixels');
  assert.deepEqual(await textRects(page), rectsBuilt);
  const pngRestored = fs.readFileSync(await shot(page, 'fonts-restored-board'));
  // It is the board of the language tests' reference image.
  const reference = path.join(here, 'reference', 'board-en.png');
  assert.ok(await differingShare(page, pngRestored, fs.readFileSync(reference)) < 0.005);
  assert.deepEqual(await keptAtlas(page), kept, 'a restored atlas is not written again');

  // The same reload with the fonts built (the kept atlas made unusable) draws the same pixels.
  // (Compared after a reload each: before it, Undo was enabled and the pointer's card lit.)
  await changeKept(page, 'return "not an atlas";');
  await reload(page);
  assert.equal((await fonts(page)).source, 'built');
  const pngBuilt = fs.readFileSync(await shot(page, 'fonts-built-board'));
  assert.equal(await differingShare(page, pngRestored, pngBuilt, 0), 0, 'not one pixel differs');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a damaged or foreign kept atlas is not used: the fonts are built again, the atlas replaced, the board untouched', async () => {
  const { ctx, page } = await sampleBoard();
  const built = await fonts(page);
  const kept = await waitKept(page);
  const board = await state(page);
  // Offsets from app/font_atlas.cpp's layout: 13 bytes of magic, the key's length, the key, then
  // the texture's width.
  const damages = {
    'cut short': 'return bytes.slice(0, bytes.length - 1000);',
    'with bytes after the pixels': 'const b = new Uint8Array(bytes.length + 3); b.set(bytes); return b;',
    'built from another font': 'const b = bytes.slice(); b[13 + 4 + 40] ^= 1; return b;',
    'claiming a huge texture': 'const b = bytes.slice(); const at = 13 + 4 + new DataView(b.buffer).getUint32(13, true); new DataView(b.buffer).setInt32(at, 1 << 20, true); return b;',
    'claiming more glyphs than it holds': 'const b = bytes.slice(); const v = new DataView(b.buffer); let at = 13 + 4 + v.getUint32(13, true) + 8 + 8 + 64 * 16 + 8; const rects = v.getUint32(at, true); at += 4 + rects * 8 + 16 + 6; v.setUint32(at, v.getUint32(at, true) + 50, true); return b;',
    'random bytes': 'const b = new Uint8Array(bytes.length); for (let i = 0; i < b.length; i++) b[i] = (i * 7919 + 13) & 255; return b;',
    'not bytes at all': 'return "font";',
  };
  for (const [what, change] of Object.entries(damages)) {
    await changeKept(page, change);
    const damaged = await keptAtlas(page);
    assert.notDeepEqual(damaged, kept, `${what}: the kept atlas was changed`);
    await reload(page);
    const now = await fonts(page);
    assert.equal(now.source, 'built', `${what}: built again`);
    assert.equal(now.fingerprint, built.fingerprint, `${what}: the same atlas as built before`);
    assert.deepEqual(await waitKept(page, damaged), kept, `${what}: the kept atlas is replaced by the right one`);
    assert.deepEqual((await state(page)).deals, board.deals, `${what}: the board is untouched`);
    assert.equal((await ui(page)).storage_error, '', `${what}: the cache is not the user's problem`);
  }
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('at another device pixel ratio the fonts are built for it, and that atlas is kept and restored', async () => {
  const { ctx, page } = await sampleBoard();
  const atOne = await fonts(page);
  const keptAtOne = await waitKept(page);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1400, height: 820, deviceScaleFactor: 2, mobile: false });
  await reload(page);
  assert.equal(await page.evaluate(() => window.devicePixelRatio), 2);
  const atTwo = await fonts(page);
  assert.equal(atTwo.source, 'built', 'the kept atlas is for another scale');
  assert.notEqual(atTwo.fingerprint, atOne.fingerprint);
  const kept = await waitKept(page, keptAtOne);
  assert.ok(kept.length > keptAtOne.length * 2, `twice the scale, four times the pixels (${kept.length} vs ${keptAtOne.length} bytes)`);
  await reload(page);
  const again = await fonts(page);
  assert.deepEqual(again, { source: 'restored', fingerprint: atTwo.fingerprint });
  await rect(page, 'button:reports');
  await shot(page, 'fonts-restored-dpr2');
  // Resizing the canvas for the new ratio once made Emscripten's GLFW ask for full screen, which
  // the browser refused with errors (web/main.cpp js_set_canvas_size).
  assert.deepEqual(page.errors, []);
  await cdp.detach();
  await ctx.close();
});
