// The browser benchmark of Kariz: for each size, a fresh browser context imports a synthetic
// workspace through the real file chooser, then measures load, frame, search, snapshot and
// storage figures with the timings the app takes itself (window.kariz.bench, web/test_api.cpp).
//   node tests/bench/bench.mjs [--sizes 1000,10000,100000] [--native build/bench/native.json]
// Normally started by tests/bench/run.sh, which builds everything first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openApp, click, drag, rect, typeInto, ui, root, dist } from '../e2e/harness.mjs';
import { benchWorkspace } from './gen.mjs';
import { distSizes, printReport } from './report.mjs';

const outDir = path.join(root, 'build/bench');
const here = path.dirname(fileURLToPath(import.meta.url));
const LONG = 15 * 60 * 1000;  // 100k in software-rendered headless Chromium: imports take tens of seconds

function args() {
  const a = process.argv.slice(2);
  const opt = { sizes: [1000, 10000, 100000], native: null };
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--sizes') opt.sizes = a[++i].split(',').map((s) => Number(s.replace(/[_,]/g, '')));
    else if (a[i] === '--native') opt.native = a[++i];
    else throw new Error(`unknown argument ${a[i]}`);
  }
  if (!opt.sizes.length || opt.sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error('--sizes wants e.g. 1000,10000');
  return opt;
}

const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };
const log = (...m) => console.error('#', ...m);  // progress on stderr, the report on stdout

// Waits n animation frames in one round trip (one evaluate per frame would let frames slip by).
const rafs = (page, n = 1) => page.evaluate((k) => new Promise((done) => {
  const step = () => (--k <= 0 ? done() : requestAnimationFrame(step));
  requestAnimationFrame(step);
}), n);
const bench = (page, fn, arg) => page.evaluate(fn, arg);
const centre = (r) => ({ x: r.x + r.width / 2, y: r.y + Math.min(r.height / 2, 200) });
const savedFigures = (page) => bench(page, () => ({ bytes: window.kariz.lastSaveBytes(), ms: window.kariz.bench.lastSaveMs() }));
async function waitSaved(page) {
  await page.waitForFunction(() => !window.kariz.savePending(), null, { timeout: LONG, polling: 100 });
}
async function cardColumn(page, id, stageIds) {  // which column a card is drawn in, by its x
  const c = await bench(page, (n) => window.kariz.rect(n), `card:${id}`);
  if (!c) return null;
  for (const s of stageIds) {
    const r = await bench(page, (n) => window.kariz.rect(n), `column:${s}`);
    if (r && c.x >= r.x && c.x + c.width <= r.x + r.width) return s;
  }
  return null;
}

// One wheel notch in pixel mode, as web/page/shell.js converts deltas (100 pixels a notch).
const NOTCH = 100;
// How far a column is scrolled, in pixels, from its cards (`order`: the column's first deal ids,
// top first, as gen.mjs predicts them). window.kariz.rect clips a rectangle to the column, so a
// card half scrolled out keeps its top at the column's edge: only cards drawn whole tell where
// the column stands. null when fewer than two are on screen.
const columnScroll = (page, order) => bench(page, (ids) => {
  const drawn = [];
  for (let i = 0; i < ids.length; i++) {
    const c = window.kariz.rect(`card:${ids[i]}`);
    if (c) drawn.push({ i, y: c.y, h: c.height });
    else if (drawn.length) break;
  }
  const full = Math.max(...drawn.map((c) => c.h));
  const whole = drawn.filter((c) => c.h === full);
  if (whole.length < 2) return null;
  const pitch = (whole[1].y - whole[0].y) / (whole[1].i - whole[0].i);
  return whole[0].i * pitch - whole[0].y;
}, order);

// Moving a deal may ask first: past a stage's unmet exit criteria the app wants a written reason,
// and entering a presentation stage offers a follow-up. Answer both as a seller would.
async function answerMoveDialogs(page) {
  await rafs(page, 2);
  const has = (name) => bench(page, (x) => !!window.kariz.rect(x), name);
  let asked = false;
  if (await has('move:justification')) {
    asked = true;
    await typeInto(page, 'move:justification', 'Benchmark move');
    await click(page, 'move:confirm');
  }
  if (await has('followup:skip')) { asked = true; await click(page, 'followup:skip'); }
  return asked;
}

async function importWorkspace(page, w) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'button:import')]);
  const t0 = Date.now();
  await chooser.setFiles(w.file);
  await page.waitForFunction(() => { const u = window.kariz.ui(); return u.import_error !== '' || u.import_pending; }, null, { timeout: LONG, polling: 100 });
  const importMs = Date.now() - t0;  // file read + read_snapshot in wasm, as a person waits for the dialog
  const u = await ui(page);
  if (u.import_error) throw new Error(`import refused: ${u.import_error}`);
  await rafs(page, 2);
  await click(page, 'button:import-confirm');
  await waitSaved(page);
  return { import_dialog_ms: importMs, save: await savedFigures(page) };
}

// Frame CPU times over what `act` does: the app's own (web/test_api.cpp), and from probes.js the
// same frames without the time spent waiting in synchronous WebGL queries. With `only` 'wheel' or
// 'move', only the frames that handled a wheel event or a mouse move count: the driver's round
// trips leave two or three frames between notches or moves in which nothing moves (and which draw
// nothing: web/gl_renderer.cpp). The app times every frame alike and cannot tell them
// apart, so those figures come from probes.js, around the animation-frame callback that runs the
// app's frame.
async function measureFrames(page, act, { only = null } = {}) {
  await bench(page, () => {
    const S = window.__karizBench;
    window.kariz.bench.framesReset();
    S.frames.length = 0;
    S.lastFrameStart = 0;
    S.wheelsSeen = S.wheels;
    S.movesSeen = S.moves;
  });
  await act();
  return bench(page, (only) => {
    const q = (v, p) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.round(p * (s.length - 1)))] : null; };
    const f = window.__karizBench.frames.filter((x) => !only || (only === 'wheel' ? x[4] : x[5]) > 0);
    const cpu = f.map(([all, gl]) => Math.max(0, all - gl));
    const own = only ? { count: f.length, median: q(f.map((x) => x[0]), 0.5), p95: q(f.map((x) => x[0]), 0.95),
      most_wheel_events_in_a_frame: Math.max(0, ...f.map((x) => x[4])) } : window.kariz.bench.frames();
    return { ...own, no_gl_median: q(cpu, 0.5), no_gl_p95: q(cpu, 0.95),
      gl_sync_median: q(f.map((x) => x[1]), 0.5), gl_sync_calls: f.length ? f.reduce((a, x) => a + x[2], 0) / f.length : 0,
      interval_median: q(f.map((x) => x[3]).filter((x) => x != null), 0.5) };
  }, only);
}

// Where a load's time went, read in the loaded page. performance.now() counts from navigation; the
// marks are the app's (web/page/kariz-db.js, web/storage.js, web/storage.cpp, web/main.cpp, web/test_api.cpp).
const LOAD_MARKS = ['runtime-ready', 'main', 'main-ready', 'stored-read', 'snapshot-read', 'store-loaded', 'first-board'];
function loadFigures(page) {
  return bench(page, (names) => {
    const res = (f) => { const e = performance.getEntriesByType('resource').find((x) => x.name.endsWith(f)); return e ? e.responseEnd : null; };
    const reads = window.__karizBench.idb, idb = reads.length ? { start: Math.min(...reads.map((x) => x.start)), end: Math.max(...reads.map((x) => x.end)) } : null;
    const marks = {};
    for (const m of names) { const e = performance.getEntriesByName('kariz-' + m)[0]; marks[m] = e ? e.startTime : null; }
    return { first_board_ms: window.kariz.bench.firstBoardMs(), wasm_fetched_ms: res('kariz.wasm'), data_fetched_ms: res('kariz.data'),
      runtime_ready_ms: marks['runtime-ready'], idb_read_start_ms: idb ? idb.start : null, idb_read_end_ms: idb ? idb.end : null,
      unload_ms: performance.getEntriesByType('navigation')[0].unloadEventEnd, marks };
  }, LOAD_MARKS);
}
const firstBoard = (page) => page.waitForFunction(() => window.kariz && window.kariz.ready() && window.kariz.bench.firstBoardMs() > 0,
  null, { timeout: LONG, polling: 20 });

// Five loads each way (LOADS); the median run (by first board frame) is kept with its breakdown, and
// every run's figure is listed (the spread is as telling as the median here). Before each,
// the app is left idle for a moment, as a person does: right after a load the GPU process still
// renders that load's frames (SwiftShader here, 60-140 ms a frame), and closing or reloading a page
// waits for them. Returns the page the benchmark goes on with.
const LOADS = 5;
async function measureLoads(holder, r) {
  let page = holder.page;
  const settle = () => page.waitForTimeout(1500);
  const median = (runs) => [...runs].sort((a, b) => a.first_board_ms - b.first_board_ms)[Math.floor(runs.length / 2)];
  const tabs = [];
  for (let i = 0; i < LOADS; i++) {
    log(`${r.deals} deals: new tab ${i + 1}/${LOADS}`);
    await settle();
    const ctx = page.context();
    const errors = page.errors;
    await page.close();
    page = holder.page = await ctx.newPage();
    page.errors = errors;
    page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
    page.on('pageerror', (e) => page.errors.push(String(e)));
    page.setDefaultTimeout(LONG);
    await page.goto(holder.url, { timeout: LONG });
    await firstBoard(page);
    tabs.push(await loadFigures(page));
  }
  const reloads = [];
  for (let i = 0; i < LOADS; i++) {
    log(`${r.deals} deals: reload ${i + 1}/${LOADS}`);
    await settle();
    await page.reload({ timeout: LONG });
    await firstBoard(page);
    reloads.push(await loadFigures(page));
  }
  r.load_new_tab = median(tabs);
  r.load_new_tab_runs_ms = tabs.map((l) => l.first_board_ms);
  r.load = median(reloads);
  r.load_ms = r.load.first_board_ms;
  r.load_runs_ms = reloads.map((l) => l.first_board_ms);
  await page.waitForFunction(() => window.kariz.ready(), null, { timeout: LONG });
  return page;
}

async function runSize(env, n) {
  const r = { deals: n };
  log(`${n} deals: generating`);
  const w = benchWorkspace(n, outDir);
  r.file_bytes = w.bytes;

  const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 820 } });
  await ctx.addInitScript({ path: path.join(here, 'probes.js') });
  // A second try: another build writing build/web/dist while the page loads leaves it half-started.
  const page = await openApp(ctx, env.url).catch(async (e) => {
    log(`${n} deals: the app did not start (${e.message.split('\n')[0]}), trying again`);
    await new Promise((ok) => setTimeout(ok, 10000));
    return openApp(ctx, env.url);
  });
  page.setDefaultTimeout(LONG);
  const holder = { page, url: env.url };  // the page in use: loading opens new ones
  try {
    await measureSize(holder, n, w, r);
  } catch (e) {  // keep what the page looked like when a step failed
    await holder.page.screenshot({ path: path.join(outDir, `failure-${n}.png`) }).catch(() => {});
    throw e;
  } finally {
    r.console_errors = holder.page.errors;  // one list, handed from page to page
    await ctx.close();
  }
  return r;
}

async function measureSize(holder, n, w, r) {
  let page = holder.page;
  const stages = w.pipeline.stages.map((s) => s.id).filter((id) => w.columns.get(id).length > 0);
  const [home, ...others] = stages;  // the first non-empty column (Unsorted is empty in the generator)
  const top = w.columns.get(home)[0];
  log(`${n} deals: importing through the file chooser`);
  Object.assign(r, await importWorkspace(page, w));

  // Load, with the workspace already in IndexedDB, the two ways a person opens the board: a new tab
  // (the board's tab closed, the address opened in a new one) and a reload of the tab.
  page = await measureLoads(holder, r);
  await rafs(page, 5);
  r.heap_bytes = await bench(page, () => window.kariz.bench.heapBytes());

  // Idle: no input at all, the mouse parked outside the board.
  await page.mouse.move(2, 815);
  await rafs(page, 5);
  r.frame_idle = await measureFrames(page, () => rafs(page, 60));

  // Scrolling a column: the wheel over it, one notch per frame. Fails rather than report frames
  // during which nothing scrolled.
  log(`${n} deals: frames while scrolling and dragging`);
  const col = centre(await rect(page, `column:${home}`));
  const order = w.columns.get(home).slice(0, 400);  // enough for 60 notches and a screen below them
  await page.mouse.move(col.x, col.y);
  await rafs(page, 3);
  const y0 = await columnScroll(page, order);
  await page.mouse.wheel(0, NOTCH);
  await rafs(page, 3);
  const y1 = await columnScroll(page, order);
  const step = y1 - y0;  // pixels one notch scrolls
  if (y0 === null || y1 === null || !(step > 0)) throw new Error(`a wheel notch down did not scroll column ${home} down (offset ${y0} -> ${y1})`);
  const notches = 60;
  r.frame_scroll = await measureFrames(page, async () => {
    for (let i = 0; i < notches; i++) { await page.mouse.wheel(0, NOTCH); await rafs(page, 1); }
    await rafs(page, 2);
  }, { only: 'wheel' });
  r.scroll = { notch_px: step, notches, scrolled_px: (await columnScroll(page, order)) - y1 };
  await page.screenshot({ path: path.join(outDir, `scroll-${n}.png`) }).catch(() => {});
  if (!(r.scroll.scrolled_px >= notches * step - step / 2)) {
    throw new Error(`${notches} wheel notches scrolled column ${home} by ${r.scroll.scrolled_px} px, not ${notches} x ${step} px`);
  }
  if (r.frame_scroll.count !== notches || r.frame_scroll.most_wheel_events_in_a_frame !== 1) {
    throw new Error(`${notches} wheel notches reached the app in ${r.frame_scroll.count} frames (up to ${r.frame_scroll.most_wheel_events_in_a_frame} in one), not one a frame`);
  }
  for (let i = 0; i < 20 && (await columnScroll(page, order)) !== y0; i++) {
    await page.mouse.wheel(0, -NOTCH * 100);  // back to the top for the drags below
    await rafs(page, 2);
  }

  // Dragging a card across the other columns and back, in small steps, then dropping it at home.
  const card = await rect(page, `card:${top}`);
  const start = { x: card.x + card.width / 2, y: card.y + card.height / 2 };
  const route = [start];
  for (const s of others.slice(0, 3)) route.push(centre(await rect(page, `column:${s}`)));
  route.push(centre(await rect(page, `column:${home}`)));
  await page.mouse.move(start.x, start.y);
  await rafs(page, 1);
  await page.mouse.down();
  await rafs(page, 1);
  await page.mouse.move(start.x + 12, start.y + 4, { steps: 3 });  // past ImGui's drag threshold
  await rafs(page, 2);
  r.frame_drag = await measureFrames(page, async () => {
    for (let k = 1; k < route.length; k++) {
      const a = route[k - 1], b = route[k];
      for (let i = 1; i <= 20; i++) {
        await page.mouse.move(a.x + ((b.x - a.x) * i) / 20, a.y + ((b.y - a.y) * i) / 20);
        await rafs(page, 1);
      }
    }
  }, { only: 'move' });
  await page.screenshot({ path: path.join(outDir, `drag-${n}.png`) }).catch(() => {});
  await page.mouse.up();
  await rafs(page, 3);
  if (await answerMoveDialogs(page)) throw new Error('dropping the card back in its own column asked for a move');
  r.drag_left_card_home = (await cardColumn(page, top, stages)) === home;

  // Search: filtering every deal, as each keystroke in the search box does.
  log(`${n} deals: search and snapshot`);
  r.search_ms = {};
  for (const q of ['renewal', '#99999', 'پارس']) {
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await bench(page, (s) => window.kariz.bench.search(s), q));
    r.search_ms[q] = median(runs);
    // The very first search after load may also build the columns' search index: kept apart.
    if (r.search_first_ms === undefined) r.search_first_ms = runs[0];
  }
  await bench(page, () => window.kariz.bench.search(''));
  await rafs(page, 3);

  // Snapshot export/import in wasm against the browser's own JSON on the same text, in one page.
  // The runs are interleaved and nothing is kept between them, so a garbage collection of one
  // run's leftovers lands on every kind of run alike; the first round is a warm-up.
  r.snapshot = await bench(page, (reps) => {
    const b = window.kariz.bench;
    const med = (v) => v.sort((x, y) => x - y)[Math.floor(v.length / 2)];
    const time = (f) => { const t0 = performance.now(); f(); return performance.now() - t0; };
    const e0 = b.exportSnapshot();
    let text = '';
    const textMs = time(() => { text = e0.text(); });
    const obj = JSON.parse(text);  // kept for JSON.stringify only
    const exp = [], imp = [], parse = [], stringify = [], build = [];
    let deals = 0;
    for (let i = 0; i <= reps; i++) {
      const keep = i > 0;
      const e = b.exportSnapshot().ms;
      const m = b.importSnapshot(text);
      deals = m.deals;
      const p = time(() => JSON.parse(text));
      const s = time(() => JSON.stringify(obj));
      // What a JS app would do on load: parse, then index deals by id and group them per column.
      const pb = time(() => {
        const o = JSON.parse(text);
        const byId = new Map(), byStage = new Map();
        for (const d of o.deals) {
          byId.set(d.id, d);
          const key = d.pipeline_id + '/' + d.stage_id;
          let list = byStage.get(key);
          if (!list) byStage.set(key, (list = []));
          list.push(d);
        }
        if (byId.size !== o.deals.length) throw new Error('duplicate ids');
      });
      if (keep) { exp.push(e); imp.push(m.ms); parse.push(p); stringify.push(s); build.push(pb); }
    }
    return { export_ms: med(exp), bytes: e0.bytes, export_text_to_js_ms: textMs, import_ms: med(imp), deals,
      json_parse_ms: med(parse), json_stringify_ms: med(stringify), json_parse_build_ms: med(build) };
  }, n >= 100000 ? 3 : 5);
  if (r.snapshot.deals !== n) throw new Error(`importSnapshot read ${r.snapshot.deals} deals, expected ${n}`);
  r.heap_bytes_end = await bench(page, () => window.kariz.bench.heapBytes());

  // What the layout costs: the same deals read back from IndexedDB as one record per deal (the
  // layout before schema 2) and as records of 1,000 deals each, in a scratch database of the
  // same origin. (One record for everything is not an option: Chromium refuses values over
  // ~133 MB, and 100,000 deals with Persian text are ~200 MB as a UTF-16 string.)
  r.idb_layout = await bench(page, async () => {
    try {
      const deals = JSON.parse(window.kariz.bench.exportSnapshot().text()).deals.map((d) => JSON.stringify(d));
      const done = (tx) => new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = tx.onabort = () => fail(tx.error); });
      const db = await new Promise((ok, fail) => {
        indexedDB.deleteDatabase('kariz-bench-probe');
        const q = indexedDB.open('kariz-bench-probe', 1);
        q.onupgradeneeded = () => { q.result.createObjectStore('many'); q.result.createObjectStore('chunks'); };
        q.onsuccess = () => ok(q.result);
        q.onerror = () => fail(q.error);
      });
      try {
        let tx = db.transaction(['many', 'chunks'], 'readwrite');
        deals.forEach((d, i) => tx.objectStore('many').put(d, String(i)));
        for (let i = 0; i < deals.length; i += 1000) tx.objectStore('chunks').put(deals.slice(i, i + 1000).join(','), String(i));
        await done(tx);
        const read = async (store) => {
          const t0 = performance.now();
          const t = db.transaction(store);
          t.objectStore(store).getAll();
          await done(t);
          return performance.now() - t0;
        };
        return { records: deals.length, per_deal_records_ms: await read('many'), chunks_of_1000_ms: await read('chunks') };
      } finally {
        db.close();
        indexedDB.deleteDatabase('kariz-bench-probe');
      }
    } catch (e) {
      return { error: String(e) };  // a probe, not a figure of the app: never fails the run
    }
  });

  // Storage: one drag to the next column (real mouse), then one field edit in the deal editor.
  log(`${n} deals: storage of one edit`);
  // The generator dates some stage entries after today; with the clock past all of them, the
  // moved card lands on top of its new column, where the editor can be opened by a click.
  await bench(page, () => window.kariz.setClock(Date.UTC(2028, 0, 1) / 1000));
  await drag(page, `card:${top}`, `column:${others[0]}`);
  const asked = await answerMoveDialogs(page);
  await waitSaved(page);
  r.edit_drag = { ...(await savedFigures(page)), moved: (await cardColumn(page, top, stages)) === others[0], dialog: asked };
  await click(page, `card:${top}`);
  const opened = (await ui(page)).editor_open;
  await typeInto(page, 'editor:title', `Benchmark edit ${n}`);
  await click(page, 'editor:save');
  await waitSaved(page);
  r.edit_field = { ...(await savedFigures(page)), editor_opened: opened, editor_closed: !(await ui(page)).editor_open };
}

async function main() {
  const opt = args();
  fs.mkdirSync(outDir, { recursive: true });
  if (!fs.existsSync(path.join(dist, 'kariz.wasm'))) throw new Error('no build/web/dist/kariz.wasm: run bash web/build.sh (tests/bench/run.sh does)');
  const env = await launch();
  const results = { generated_at: new Date().toISOString(), browser: env.browser.version(), viewport: '1400x820',
    sizes: {}, dist: distSizes(dist) };
  try {
    for (const n of opt.sizes) {
      try {
        results.sizes[n] = await runSize(env, n);
      } catch (e) {  // report the sizes that did run; the failure is listed and the exit code says it
        log(`${n} deals failed: ${e.stack || e}`);
        (results.failed ||= {})[n] = String(e.message || e).split('\n')[0];
      }
      fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));  // partial results survive a crash
    }
  } finally {
    await env.close();
  }
  if (opt.native && fs.existsSync(opt.native)) results.native = JSON.parse(fs.readFileSync(opt.native, 'utf8'));
  results.targets = printReport(results);
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
  console.log(`\nresults: ${path.relative(process.cwd(), path.join(outDir, 'results.json'))}`);
  for (const [n, why] of Object.entries(results.failed || {})) console.log(`FAILED at ${n} deals: ${why}`);
  if (results.failed) process.exitCode = 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
