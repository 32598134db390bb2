// Benchmark workspaces: tests/e2e/workspace-gen.mjs's deterministic makeWorkspace(n), written to a
// file (Playwright refuses file-chooser buffers over 50 MB, and 100,000 deals are ~90 MB), plus
// the board order core/board.cpp gives, so the driver knows which cards are on screen without
// asking the page for its whole state (window.kariz.state() at 100k is a 90 MB round trip).
import fs from 'node:fs';
import path from 'node:path';
import { click } from '../e2e/harness.mjs';
import { makeWorkspace } from '../e2e/workspace-gen.mjs';

export function benchWorkspace(n, dir) {
  const ws = makeWorkspace(n);
  const text = JSON.stringify(ws);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `workspace-${n}.json`);
  fs.writeFileSync(file, text);
  const pipeline = ws.pipelines[0];  // the app shows the first pipeline after an import
  return { ws, file, bytes: Buffer.byteLength(text), pipeline, columns: boardColumns(ws, pipeline.id) };
}

// stage id -> ids of the open deals of that column, top first: newest stage entry first, ties by
// id (the sort of build_board in core/board.cpp, with the default "Open deals" filter).
export function boardColumns(ws, pipelineId) {
  const columns = new Map(ws.pipelines.find((p) => p.id === pipelineId).stages.map((s) => [s.id, []]));
  for (const d of ws.deals) {
    if (d.pipeline_id === pipelineId && d.status === 'open' && columns.has(d.stage_id)) columns.get(d.stage_id).push(d);
  }
  for (const [id, deals] of columns) {
    deals.sort((a, b) => (a.stage_entered_at !== b.stage_entered_at ? (a.stage_entered_at < b.stage_entered_at ? 1 : -1) : a.id < b.id ? -1 : 1));
    columns.set(id, deals.map((d) => d.id));
  }
  return columns;
}

// A fresh page of the app at `url` (in a new context of `browser`) with the workspace file imported
// through the file chooser and saved to IndexedDB: what the load benchmarks start from.
export async function pageWithStoredWorkspace(browser, url, file) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 820 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(10 * 60 * 1000);
  await page.goto(url);
  await page.waitForFunction(() => window.kariz && window.kariz.ready());
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'button:import')]);
  await chooser.setFiles(file);
  await page.waitForFunction(() => window.kariz.ui().import_pending, null, { polling: 100 });
  await click(page, 'button:import-confirm');
  await page.waitForFunction(() => !window.kariz.savePending(), null, { polling: 100 });
  return { ctx, page };
}
