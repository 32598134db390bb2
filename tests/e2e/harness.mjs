// Shared set-up for the browser tests: a loopback static server for build/web/dist, Debian's
// Chromium through playwright-core, and helpers that act where a person would (mouse and keys
// on the canvas at the rectangles the app reports for its named items).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../web/static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const dist = path.join(root, 'build/web/dist');
export const shotsDir = path.join(root, 'build/e2e-screenshots');
fs.mkdirSync(shotsDir, { recursive: true });

const ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

// `folder`: what to serve (tests/bench/profile-load.mjs serves a build with function names).
export async function launch(folder = dist) {
  const server = await startServer(folder, 0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, ...(process.env.KARIZ_CHROMIUM_ARGS ? process.env.KARIZ_CHROMIUM_ARGS.split(' ') : [])], headless: true });
  return { server, url, browser, async close() { await browser.close(); server.close(); } };
}

// A page that fails the test on any console error or uncaught exception.
export async function openApp(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.kariz && window.kariz.ready(), null, { timeout: 30000 });
  await frames(page, 3);
  return page;
}

// Waits n frames after the app has taken every key typed so far: keys reach ImGui at most one
// press per key and frame (web/main.cpp), and a click must not overtake the typing before it.
export async function frames(page, n = 2) {
  const nextFrame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  for (let i = 0; i < 200 && await page.evaluate(() => window.kariz && window.kariz.inputPending ? window.kariz.inputPending() : 0); i++) await nextFrame();
  for (let i = 0; i < n; i++) await nextFrame();
}

// Waits until the item is on screen and at the same place in two frames in a row: a popup that
// has just opened is laid out hidden in its first frame and moves into place in the next, and at
// real frame rates a test can ask in between.
export async function rect(page, name, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let last = null;
  for (;;) {
    const r = await page.evaluate((n) => window.kariz.rect(n), name);
    if (r && last && r.x === last.x && r.y === last.y && r.width === last.width && r.height === last.height) return r;
    if (Date.now() > deadline) {
      if (r) return r;
      throw new Error(`no item "${name}" on screen`);
    }
    last = r;
    await frames(page, 1);
  }
}

// Move first, let a frame see the pointer there, then press: ImGui (tabs, for one) only takes a
// click on what the pointer was already over, as with a real hand.
export async function click(page, name) {
  const r = await rect(page, name);
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.up();
  await frames(page, 3);
}

// Press, move in steps past ImGui's drag threshold, release: what a hand does with a card.
export async function drag(page, fromName, toName) {
  const a = await rect(page, fromName), b = await rect(page, toName);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2 + 4, { steps: 3 });
  await frames(page, 2);
  await page.mouse.move(b.x + b.width / 2, b.y + Math.min(b.height / 2, 200), { steps: 8 });
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 3);
}

export async function typeInto(page, name, text) {
  await click(page, name);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await frames(page, 2);
}

// Stages have exit criteria: a move past unmet ones asks for a reason before it happens.
// Answers it (and skips the follow-up suggestion that may come next); false when nothing asked.
export async function justifyIfAsked(page, reason = 'Moving on, details follow') {
  if (!(await page.evaluate(() => window.kariz.ui().move_pending))) return false;
  await typeInto(page, 'move:justification', reason);
  await click(page, 'move:confirm');
  if (await page.evaluate(() => !!window.kariz.rect('followup:skip'))) await click(page, 'followup:skip');
  return true;
}

export const state = (page) => page.evaluate(() => window.kariz.state());
export const ui = (page) => page.evaluate(() => window.kariz.ui());

export async function waitSaved(page) {
  await page.waitForFunction(() => !window.kariz.savePending(), null, { timeout: 10000 });
}

export async function shot(page, name) {
  const file = path.join(shotsDir, name + '.png');
  await page.screenshot({ path: file });
  return file;
}

// The share of pixels whose colour differs by more than `tolerance` in any channel, worked out
// in the page from two PNG files.
export async function differingShare(page, pngA, pngB, tolerance = 48) {
  return page.evaluate(async ([a, b, tol]) => {
    const load = async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d');
      g.drawImage(bmp, 0, 0);
      return g.getImageData(0, 0, bmp.width, bmp.height);
    };
    const [x, y] = [await load(a), await load(b)];
    if (x.width !== y.width || x.height !== y.height) return 1;
    let differing = 0;
    for (let i = 0; i < x.data.length; i += 4) {
      const d = Math.max(Math.abs(x.data[i] - y.data[i]), Math.abs(x.data[i + 1] - y.data[i + 1]), Math.abs(x.data[i + 2] - y.data[i + 2]));
      if (d > tol) differing++;
    }
    return differing / (x.width * x.height);
  }, [pngA.toString('base64'), pngB.toString('base64'), tolerance]);
}

// Imports a snapshot file through the Import button and its file chooser, then confirms it.
export async function importText(page, name, text) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'button:import')]);
  await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(() => { const u = window.kariz.ui(); return u.import_error !== '' || u.import_pending; }, null, { timeout: 60000 });
  await frames(page, 2);
  await click(page, 'button:import-confirm');
}
