// The browser benchmark of Kariz: for each size, a fresh browser context imports a synthetic
// workspace through the real file chooser, then measures load, frame, search, snapshot and
// storage figures with the timings the app takes itself (window.kariz.bench, web/test_api.cpp).
//   node tests/bench/bench.mjs [--sizes 1000,10000,100000] [--native build/bench/native.json]
// Normally started by tests/bench/run.sh, which builds everything first.
import fs from 'node:fs';
import path from 'node:path';
import { launch, openApp, click, drag, rect, typeInto, ui, root, dist } from '../e2e/harness.mjs';
import { benchWorkspace } from './gen.mjs';
import { distSizes, printReport } from './report.mjs';

const outDir = path.join(root, 'build/bench');
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

// Frame CPU times measured inside the app over what `act` does.
async function measureFrames(page, act) {
  await bench(page, () => window.kariz.bench.framesReset());
  await act();
  return bench(page, () => window.kariz.bench.frames());
}

async function runSize(env, n) {
  const r = { deals: n };
  log(`${n} deals: generating`);
  const w = benchWorkspace(n, outDir);
  r.file_bytes = w.bytes;
  const stages = w.pipeline.stages.map((s) => s.id).filter((id) => w.columns.get(id).length > 0);
  const [home, ...others] = stages;  // the first non-empty column (Unsorted is empty in the generator)
  const top = w.columns.get(home)[0];

  const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 820 } });
  const page = await openApp(ctx, env.url);
  page.setDefaultTimeout(LONG);
  log(`${n} deals: importing through the file chooser`);
  Object.assign(r, await importWorkspace(page, w));

  // Load: a reload with the workspace already in IndexedDB; performance.now() counts from navigation.
  const loads = [];
  for (let i = 0; i < 3; i++) {
    log(`${n} deals: reload ${i + 1}/3`);
    await page.reload({ timeout: LONG });
    await page.waitForFunction(() => window.kariz && window.kariz.ready() && window.kariz.bench.firstBoardMs() > 0, null, { timeout: LONG, polling: 50 });
    loads.push(await bench(page, () => window.kariz.bench.firstBoardMs()));
  }
  r.load_ms = median(loads);
  r.load_runs_ms = loads;
  await rafs(page, 5);
  r.heap_bytes = await bench(page, () => window.kariz.bench.heapBytes());

  // Idle: no input at all, the mouse parked outside the board.
  await page.mouse.move(2, 815);
  await rafs(page, 5);
  r.frame_idle = await measureFrames(page, () => rafs(page, 120));

  // Scrolling a column: the wheel over it, one notch per frame.
  log(`${n} deals: frames while scrolling and dragging`);
  const col = centre(await rect(page, `column:${home}`));
  await page.mouse.move(col.x, col.y);
  await rafs(page, 3);
  r.frame_scroll = await measureFrames(page, async () => {
    for (let i = 0; i < 80; i++) { await page.mouse.wheel(0, 120); await rafs(page, 1); }
  });
  r.scrolled = !(await bench(page, (id) => window.kariz.rect(id), `card:${top}`));  // the top card went out of view
  for (let i = 0; i < 20 && !(await bench(page, (id) => window.kariz.rect(id), `card:${top}`)); i++) {
    await page.mouse.wheel(0, -100000);  // back to the top for the drags below
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
      for (let i = 1; i <= 25; i++) {
        await page.mouse.move(a.x + ((b.x - a.x) * i) / 25, a.y + ((b.y - a.y) * i) / 25);
        await rafs(page, 1);
      }
    }
  });
  await page.screenshot({ path: path.join(outDir, `drag-${n}.png`) }).catch(() => {});
  await page.mouse.up();
  await rafs(page, 3);
  r.drag_left_card_home = (await cardColumn(page, top, stages)) === home;

  // Search: filtering every deal, as each keystroke in the search box does.
  log(`${n} deals: search and snapshot`);
  r.search_ms = {};
  for (const q of ['renewal', '#99999', 'پارس']) {
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await bench(page, (s) => window.kariz.bench.search(s), q));
    r.search_ms[q] = median(runs);
  }
  await bench(page, () => window.kariz.bench.search(''));
  await rafs(page, 3);

  // Snapshot export/import in wasm against the browser's own JSON on the same text, in one page.
  r.snapshot = await bench(page, (reps) => {
    const b = window.kariz.bench;
    const med = (v) => v.sort((x, y) => x - y)[Math.floor(v.length / 2)];
    const time = (f) => { const t0 = performance.now(); f(); return performance.now() - t0; };
    const exp = [], imp = [], parse = [], stringify = [], build = [];
    let bytes = 0, deals = 0, text = '', textMs = 0, obj = null;
    for (let i = 0; i < reps; i++) {
      const e = b.exportSnapshot();
      exp.push(e.ms);
      bytes = e.bytes;
      if (i === reps - 1) textMs = time(() => { text = e.text(); });
    }
    for (let i = 0; i < reps; i++) { const m = b.importSnapshot(text); imp.push(m.ms); deals = m.deals; }
    for (let i = 0; i < reps; i++) parse.push(time(() => { obj = JSON.parse(text); }));
    for (let i = 0; i < reps; i++) stringify.push(time(() => JSON.stringify(obj)));
    // What a JS app would do on load: parse, then index deals by id and group them per column.
    for (let i = 0; i < reps; i++) {
      build.push(time(() => {
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
      }));
    }
    return { export_ms: med(exp), bytes, export_text_to_js_ms: textMs, import_ms: med(imp), deals,
      json_parse_ms: med(parse), json_stringify_ms: med(stringify), json_parse_build_ms: med(build) };
  }, n >= 100000 ? 3 : 5);
  if (r.snapshot.deals !== n) throw new Error(`importSnapshot read ${r.snapshot.deals} deals, expected ${n}`);
  r.heap_bytes_end = await bench(page, () => window.kariz.bench.heapBytes());

  // Storage: one drag to the next column (real mouse), then one field edit in the deal editor.
  log(`${n} deals: storage of one edit`);
  await drag(page, `card:${top}`, `column:${others[0]}`);
  await waitSaved(page);
  r.edit_drag = { ...(await savedFigures(page)), moved: (await cardColumn(page, top, stages)) === others[0] };
  await click(page, `card:${top}`);
  const opened = (await ui(page)).editor_open;
  await typeInto(page, 'editor:title', `Benchmark edit ${n}`);
  await click(page, 'editor:save');
  await waitSaved(page);
  r.edit_field = { ...(await savedFigures(page)), editor_opened: opened, editor_closed: !(await ui(page)).editor_open };

  r.console_errors = page.errors;
  await ctx.close();
  return r;
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
      results.sizes[n] = await runSize(env, n);
      fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));  // partial results survive a crash
    }
  } finally {
    await env.close();
  }
  if (opt.native && fs.existsSync(opt.native)) results.native = JSON.parse(fs.readFileSync(opt.native, 'utf8'));
  results.targets = printReport(results);
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
  console.log(`\nresults: ${path.relative(process.cwd(), path.join(outDir, 'results.json'))}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
