import fs from 'node:fs';
import path from 'node:path';
import { click, launch, root } from '../e2e/harness.mjs';
import { benchWorkspace } from './gen.mjs';
const n = Number(process.argv[2] || 10000);
const dist = path.resolve(root, process.argv[3] || 'build/web/dist');
const outDir = path.join(root, 'build/bench');
const { browser, url, close } = await launch(dist);
try {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 820 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(600000);
  await page.goto(url);
  await page.waitForFunction(() => window.kariz && window.kariz.ready());
  const w = benchWorkspace(n, outDir);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'button:import')]);
  await chooser.setFiles(w.file);
  await page.waitForFunction(() => window.kariz.ui().import_pending, null, { polling: 100 });
  await click(page, 'button:import-confirm');
  await page.waitForFunction(() => !window.kariz.savePending(), null, { polling: 100 });
  for (let i = 0; i < 3; i++) { await page.waitForTimeout(1500); await page.reload(); await page.waitForFunction(() => window.kariz && window.kariz.ready() && window.kariz.bench.firstBoardMs() > 0); }
  await page.waitForTimeout(1500);
  const cdp = await ctx.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'disabled-by-default-devtools.timeline', 'blink', 'IndexedDB', 'loading', 'v8.execute', 'gpu'] } });
  await page.reload();
  await page.waitForFunction(() => window.kariz && window.kariz.ready() && window.kariz.bench.firstBoardMs() > 0);
  const fb = await page.evaluate(() => window.kariz.bench.firstBoardMs());
  await cdp.send('Tracing.end');
  await done;
  fs.writeFileSync(path.join(outDir, 'trace.json'), JSON.stringify({ traceEvents: events }));
  console.log('first board', fb, 'events', events.length);
} finally { await close(); }
