// Where loading a stored board spends its time: imports a benchmark workspace through the file
// chooser, reloads once to warm the caches, then records Chromium's CPU profile (CDP Profiler)
// over one more reload until the first board frame. Prints the self time per function (wasm
// names need a build with -DKARIZ_PROFILING=ON) and writes build/bench/load-<n>.cpuprofile, which
// Chromium's performance panel opens.
// With `trace` last, it records a Chromium trace instead (build/bench/load-<n>.trace.json, which the
// performance panel opens) and prints the main thread's tasks of 1.5 ms or more, IndexedDB and wasm
// events, in ms from the start of kariz.wasm's compile: what waits for what. TRACE_CATEGORIES=a,b
// adds trace categories (e.g. viz,gpu.angle shows what the GPU process is busy with).
//   node tests/bench/profile-load.mjs [deals=10000] [dist folder=build/web-profile/dist] [reload|newtab] [trace]
import fs from 'node:fs';
import path from 'node:path';
import { launch, root } from '../e2e/harness.mjs';
import { benchWorkspace, pageWithStoredWorkspace } from './gen.mjs';

const n = Number(process.argv[2] || 10000);
const dist = path.resolve(root, process.argv[3] || 'build/web-profile/dist');
const outDir = path.join(root, 'build/bench');
const newTab = process.argv[4] === 'newtab';  // profile opening the board in a new tab instead of a reload
const trace = process.argv[5] === 'trace';
const { browser, url, close } = await launch(dist);
try {
  const w = benchWorkspace(n, outDir);
  const { ctx, page: first } = await pageWithStoredWorkspace(browser, url, w.file);
  let page = first;
  const firstBoard = async () => {
    await page.waitForFunction(() => window.kariz && window.kariz.ready() && window.kariz.bench.firstBoardMs() > 0, null, { polling: 20 });
    return page.evaluate(() => ({ first_board_ms: window.kariz.bench.firstBoardMs(),
      marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
      nav: (({ unloadEventStart, unloadEventEnd, workerStart, fetchStart, responseStart, responseEnd, domInteractive, domContentLoadedEventEnd }) => ({ unloadEventStart, unloadEventEnd, workerStart, fetchStart, responseStart, responseEnd, domInteractive, domContentLoadedEventEnd }))(performance.getEntriesByType('navigation')[0]),
      resources: performance.getEntriesByType('resource').map((e) => [e.name.split('/').pop(), Math.round(e.startTime), Math.round(e.responseEnd)]) }));
  };
  // Compact: each mark and resource end in ms after navigation, in time order.
  const line = (t) => [...t.marks.map(([m, ms]) => [m.replace('kariz-', ''), ms]), ...t.resources.map(([f, , end]) => [f, end]),
    ['nav-unload', Math.round(t.nav.unloadEventEnd)], ['dom-content-loaded', Math.round(t.nav.domContentLoadedEventEnd)]]
    .sort((a, b) => a[1] - b[1]).map(([k, ms]) => `${k} ${ms}`).join(' | ');
  const idle = async () => {  // as a person reloads: not within the frames right after the last load
    await page.waitForTimeout(1500);
  };
  for (let i = 0; i < 3; i++) {
    await idle();
    await page.reload();
    const t = await firstBoard();
    console.log(`reload ${i + 1}: first board ${Math.round(t.first_board_ms)} ms: ${line(t)}`);
  }
  await idle();
  let target = page;
  if (newTab) {
    await page.close();
    target = await ctx.newPage();
  }
  const cdp = await ctx.newCDPSession(target);
  if (trace) {
    await traceLoad(cdp, target);
    process.exit(0);
  }
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  if (newTab) await target.goto(url);
  else await target.reload();
  page = target;
  const timing = await firstBoard();
  const { profile } = await cdp.send('Profiler.stop');
  console.log(`profiled reload: first board ${Math.round(timing.first_board_ms)} ms: ${line(timing)}`);
  fs.writeFileSync(path.join(outDir, `load-${n}.cpuprofile`), JSON.stringify(profile));
  // Self time per function, only for samples up to the first board frame.
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const self = new Map();
  let t = profile.startTime, total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop() + ':' + f.lineNumber : ''}`;
    const dt = (profile.timeDeltas[i + 1] || 0) / 1000;
    self.set(key, (self.get(key) || 0) + dt);
    if (key.indexOf('(idle)') < 0) total += dt;
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
  console.log(`busy ms in profile: ${total.toFixed(1)}`);
  for (const [k, ms] of top) console.log(ms.toFixed(1).padStart(8), k);
  // Inclusive time of the app's own entry points and their callees, names cut short.
  const parent = new Map();
  for (const x of profile.nodes) for (const c of x.children || []) parent.set(c, x.id);
  const inclusive = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] || 0) / 1000, seen = new Set();
    for (let id = profile.samples[i]; id != null; id = parent.get(id)) {
      const name = (byId.get(id).callFrame.functionName || '').replace(/\(.*$/, '').slice(0, 90);
      if (!name || seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) || 0) + dt);
    }
  }
  console.log('inclusive:');
  for (const [k, ms] of [...inclusive.entries()].filter(([k]) => !/^\(/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(ms.toFixed(1).padStart(8), k);
} finally {
  await close();
}

// One load under Chromium's tracing, then its main thread as a timeline.
async function traceLoad(cdp, target) {
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: [...(process.env.TRACE_CATEGORIES ? process.env.TRACE_CATEGORIES.split(',') : []), 'devtools.timeline', 'v8', 'v8.wasm',
    'disabled-by-default-v8.wasm.detailed', 'disabled-by-default-devtools.timeline', 'blink', 'IndexedDB', 'loading', 'gpu'] } });
  if (newTab) await target.goto(url);
  else await target.reload();
  await target.waitForFunction(() => window.kariz && window.kariz.ready() && window.kariz.bench.firstBoardMs() > 0, null, { polling: 20 });
  const firstBoardMs = await target.evaluate(() => window.kariz.bench.firstBoardMs());
  await cdp.send('Tracing.end');
  await done;
  fs.writeFileSync(path.join(outDir, `load-${n}.trace.json`), JSON.stringify({ traceEvents: events }));
  console.log(`traced load: first board ${Math.round(firstBoardMs)} ms`);
  const zero = events.find((e) => e.name === 'wasm.StartStreamingCompilation');
  if (!zero) return;
  const main = zero.tid, always = /wasm\.|CacheHit|IDB/;
  const noise = /^(UpdateCounters|ResourceReceivedData|SetLayerTreeId|Layer:created|BeginCommitCompositorFrame|InvalidateLayout|ScheduleStyleRecalculation|ResourceReceiveResponse|ResourceFinish|ResourceSendRequest|RequestAnimationFrame|DOMStats|AsyncTask Run|v8.callFunction|v8.run|LongTask)$|IDBRequest::dispatch|IDBObjectStore|IDBDatabase::|IDBTransaction::dispatch|WebFrameWidgetImpl|Blink\.|PageAnimator|FrameRequestCallback|ImplementationBase|CommandBufferHelper|CommandBufferProxyImpl::WaitFor|ResponseBodyLoader::OnState|HTMLDocumentParser|DocumentLoader::|NavigationBodyLoader|Resource::|PendingScript|ScriptRunner/;
  const rows = events.filter((e) => (e.ph === 'X' || e.ph === 'I') && (e.tid === main || always.test(e.name)) && !noise.test(e.name) &&
    (e.dur === undefined || e.dur >= 1500 || always.test(e.name)));
  rows.sort((a, b) => a.ts - b.ts);
  for (const e of rows) {
    const data = e.args && e.args.data, what = data ? (data.url || '').split('/').pop() || data.functionName || data.type || '' : '';
    console.log(`${((e.ts - zero.ts) / 1000).toFixed(1).padStart(8)} ${e.tid === main ? 'main' : 'other'} ${e.name}` +
      `${e.dur !== undefined ? ' ' + (e.dur / 1000).toFixed(1) + ' ms' : ''}${what ? ' ' + what : ''}`);
  }
}
