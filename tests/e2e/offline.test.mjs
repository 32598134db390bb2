// Offline and install: the service worker keeps the app shell, the board opens and saves with the
// network switched off, a new deployment is offered with a Reload bar, and two tabs on one board
// keep each other's edits. Each test serves its own copy of build/web/dist (the update test
// changes files on the "server").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, openApp, click, typeInto, frames, rect, state, waitSaved, shot, dist, importText } from './harness.mjs';
import { makeWorkspace } from './workspace-gen.mjs';
import { startServer } from '../../web/static-server.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

// A copy of dist served on its own 127.0.0.1 port: its own origin, so its own service worker.
async function serveCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kariz-offline-'));
  fs.cpSync(dist, dir, { recursive: true });
  const server = await startServer(dir, 0);
  return { dir, server, url: `http://127.0.0.1:${server.address().port}/`,
    // Chromium's offline switch does not cover requests a service worker makes: shutting the
    // server as well makes sure nothing can come from the network.
    stop() { this.server.closeAllConnections(); this.server.close(); },
    close() { server.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

const newContext = () => env.browser.newContext({ viewport: { width: 1200, height: 720 } });

// The worker is active and its cache holds every shell file the build listed.
async function waitShellCached(page) {
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg || !reg.active || reg.active.state !== 'activated') return false;
    const keys = await caches.keys();
    const shell = keys.find((k) => k.startsWith('kariz-shell-'));
    if (!shell) return false;
    const urls = (await (await caches.open(shell)).keys()).map((r) => new URL(r.url).pathname);
    return ['/', '/index.html', '/kariz.js', '/kariz.wasm', '/kariz.data', '/shell.js', '/manifest.webmanifest',
      '/icons/icon-512.png'].every((p) => urls.includes(p));
  }, null, { timeout: 30000, polling: 250 });
}

async function reloadApp(page) {
  await page.reload();
  await page.waitForFunction(() => window.kariz && window.kariz.ready(), null, { timeout: 30000 });
  await frames(page, 3);
}

async function createDeal(page, title) {
  await click(page, 'button:new-deal');
  await typeInto(page, 'editor:title', title);
  await click(page, 'editor:save');
  return (await state(page)).deals.find((d) => d.title === title);
}

async function renameDeal(page, id, title) {
  await click(page, `card:${id}`);
  await typeInto(page, 'editor:title', title);
  await click(page, 'editor:save');
}

const titleOf = async (page, id) => ((await state(page)).deals.find((d) => d.id === id) || {}).title;

test('after one visit the board opens, edits and saves with no network at all', async () => {
  const site = await serveCopy();
  const ctx = await newContext();
  const page = await openApp(ctx, site.url);
  await waitShellCached(page);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=manifest]');
    const r = await fetch(link.href);
    return { type: r.headers.get('content-type'), body: await r.json() };
  });
  assert.equal(manifest.type, 'application/manifest+json');
  assert.equal(manifest.body.display, 'standalone');
  assert.deepEqual(manifest.body.icons.map((i) => i.sizes), ['192x192', '512x512']);
  await click(page, 'button:start-empty');
  const first = await createDeal(page, 'Online deal');
  await waitSaved(page);

  await ctx.setOffline(true);
  site.stop();
  await reloadApp(page);
  assert.equal(await page.evaluate(() => fetch('version.txt', { cache: 'no-store' }).then(() => 'online', () => 'offline')), 'offline');
  page.errors = [];  // that failed fetch is logged as an error: it is the point
  assert.equal(await page.evaluate(() => !!navigator.serviceWorker.controller), true, 'the page is served by the worker');
  assert.equal(await titleOf(page, first.id), 'Online deal');
  await rect(page, `card:${first.id}`);
  const second = await createDeal(page, 'Written offline');
  await renameDeal(page, first.id, 'Online deal, edited offline');
  await waitSaved(page);
  await shot(page, 'offline-board');

  await reloadApp(page);  // still offline
  const s = await state(page);
  assert.equal(s.deals.length, 2);
  assert.equal(await titleOf(page, second.id), 'Written offline');
  assert.equal(await titleOf(page, first.id), 'Online deal, edited offline');
  await rect(page, `card:${second.id}`);
  await shot(page, 'offline-after-reload');
  assert.deepEqual(page.errors, []);
  await ctx.close();
  site.close();
});

test('a new deployment shows the Reload bar; Reload runs the new version and the deals stay', async () => {
  const site = await serveCopy();
  const ctx = await newContext();
  const page = await openApp(ctx, site.url);
  await waitShellCached(page);
  await click(page, 'button:load-sample');
  await waitSaved(page);
  const before = (await state(page)).deals.length;
  assert.ok(before > 30);
  const oldCache = await page.evaluate(async () => (await caches.keys()).find((k) => k.startsWith('kariz-shell-')));

  // Deploy: a changed shell file and the service worker with a new version, as a build writes it.
  fs.appendFileSync(path.join(site.dir, 'shell.js'), "\nwindow.karizDeployment = 'second';\n");
  const swFile = path.join(site.dir, 'sw.js');
  fs.writeFileSync(swFile, fs.readFileSync(swFile, 'utf8').replace(/const VERSION = '[^']*'/, "const VERSION = 'second-deployment'"));

  await reloadApp(page);  // still the old version, from the cache; the new one installs meanwhile
  assert.equal(await page.evaluate(() => window.karizDeployment), undefined);
  // Installing the new version downloads the whole shell again: slow on a loaded machine.
  await page.waitForSelector('#update-bar:not([hidden])', { timeout: 120000 }).catch(async (e) => {
    const reg = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { installing: r.installing && r.installing.state, waiting: r.waiting && r.waiting.state, active: r.active && r.active.state };
    });
    throw new Error(e.message + ' registration: ' + JSON.stringify(reg));
  });
  assert.match(await page.textContent('#update-bar'), /A new version of Kariz is ready — Reload/);
  await shot(page, 'offline-update-bar');

  await Promise.all([page.waitForNavigation({ timeout: 30000 }), page.click('#update-reload')]);
  await page.waitForFunction(() => window.kariz && window.kariz.ready(), null, { timeout: 30000 });
  await frames(page, 3);
  assert.equal(await page.evaluate(() => window.karizDeployment), 'second');
  assert.equal((await state(page)).deals.length, before);
  const caches = await page.evaluate(() => caches.keys());
  assert.ok(caches.includes('kariz-shell-second-deployment'), caches.join());
  assert.ok(!caches.includes(oldCache), 'the old version is removed');
  assert.equal(await page.isHidden('#update-bar'), true);
  await shot(page, 'offline-after-update');
  assert.deepEqual(page.errors, []);
  await ctx.close();
  site.close();
});

test('two tabs on one board: each edits a different deal, both show and keep both edits', async () => {
  const site = await serveCopy();
  const ctx = await newContext();
  const a = await openApp(ctx, site.url);
  await click(a, 'button:start-empty');
  const d1 = await createDeal(a, 'Deal one');
  const d2 = await createDeal(a, 'Deal two');
  await waitSaved(a);
  const b = await openApp(ctx, site.url);
  assert.equal((await state(b)).deals.length, 2);

  // Both editors open at once; saved within the same second.
  await a.bringToFront();
  await click(a, `card:${d1.id}`);
  await typeInto(a, 'editor:title', 'Deal one, edited in tab A');
  await b.bringToFront();
  await click(b, `card:${d2.id}`);
  await typeInto(b, 'editor:title', 'Deal two, edited in tab B');
  await a.bringToFront();
  await click(a, 'editor:save');
  await b.bringToFront();
  await click(b, 'editor:save');
  await waitSaved(a);
  await waitSaved(b);

  for (const page of [a, b]) {
    await page.bringToFront();
    await page.waitForFunction(([x, y]) => {
      const s = window.kariz.state();
      const t = (id) => (s.deals.find((d) => d.id === id) || {}).title;
      return t(x) === 'Deal one, edited in tab A' && t(y) === 'Deal two, edited in tab B';
    }, [d1.id, d2.id], { timeout: 10000 });
    await frames(page, 2);
    // Not an undo step of the tab that received it; no write-back either.
    assert.equal(await page.evaluate(() => window.kariz.savePending()), false);
  }
  await a.bringToFront();
  await shot(a, 'tabs-a');
  await b.bringToFront();
  await shot(b, 'tabs-b');
  // The receiving tab undoes only its own step: A's undo restores its deal, B's edit stays.
  await a.bringToFront();
  await click(a, 'button:undo');
  await waitSaved(a);
  assert.equal(await titleOf(a, d1.id), 'Deal one');
  assert.equal(await titleOf(a, d2.id), 'Deal two, edited in tab B');
  await b.waitForFunction((x) => window.kariz.state().deals.find((d) => d.id === x).title === 'Deal one', d1.id, { timeout: 10000 });

  for (const page of [a, b]) {
    await page.bringToFront();
    await reloadApp(page);
    assert.equal(await titleOf(page, d1.id), 'Deal one');
    assert.equal(await titleOf(page, d2.id), 'Deal two, edited in tab B');
  }

  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await ctx.close();
  site.close();
});

test('two tabs: a board loaded or merged in one appears in the other, read from storage, not sent', async () => {
  const site = await serveCopy();
  const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 820 } });  // room for Import JSON
  try {
    const a = await openApp(ctx, site.url);
    const b = await openApp(ctx, site.url);
    // What the tabs send each other: a whole new board is announced, not shipped (web/tabsync.cpp).
    await b.evaluate(() => {
      window.tabMessages = [];
      new BroadcastChannel('kariz-tabs').onmessage = (ev) => window.tabMessages.push(JSON.stringify(ev.data).length);
    });

    await a.bringToFront();
    await click(a, 'button:load-sample');
    await waitSaved(a);
    const sample = await state(a);
    await b.waitForFunction((n) => window.kariz.state().deals.length === n, sample.deals.length, { timeout: 10000 });
    assert.deepEqual((await state(b)).deals, sample.deals);
    assert.deepEqual((await state(b)).pipelines, sample.pipelines);

    const ws = makeWorkspace(1500);
    await importText(a, 'board.json', JSON.stringify(ws));
    await waitSaved(a);
    const imported = await state(a);  // merged into the sample's board
    assert.equal(imported.deals.length, 1500 + sample.deals.length);
    await b.waitForFunction((n) => window.kariz.state().deals.length === n, imported.deals.length, { timeout: 20000 });
    await b.bringToFront();
    await frames(b, 3);
    assert.deepEqual((await state(b)).deals, imported.deals);
    const shown = imported.deals.find((d) => d.pipeline_id === imported.pipelines[0].id && d.status === 'open');
    await b.waitForFunction((n) => !!window.kariz.rect(n), `card:${shown.id}`, { timeout: 10000 }).catch(() => {});
    assert.equal(await b.evaluate(() => window.kariz.savePending()), false, 'a received board is not written back');
    const sizes = await b.evaluate(() => window.tabMessages);
    assert.equal(sizes.length, 2);
    // The sample: a note that the board was replaced. The merge: the ids of the deals it wrote.
    assert.ok(sizes[0] < 1000 && sizes[1] < JSON.stringify(ws).length / 10, `messages of ${sizes} bytes: the deals are not in them`);
    await shot(b, 'tabs-imported-in-other-tab');

    // Another tab's board stays readable after a reload of this one.
    await reloadApp(b);
    assert.deepEqual((await state(b)).deals, imported.deals);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
  } finally {
    await ctx.close();
    site.close();
  }
});
