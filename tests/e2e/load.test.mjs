// Opening a stored board waits on nothing it need not wait on (issue 7): the database is opened
// while the page is still loading, the stored board is asked for as soon as kariz.js runs, and
// nothing between the page's start and the first board frame asks the GPU process a question
// (each WebGL query is a round trip that waits for every frame the GPU process is still drawing).
// The shaders are still checked, once the board is on screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, click, frames, state, shot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

// Installed before the page's own scripts: records every WebGL call that reads something back
// (get*, is*, check*) and every opening of an IndexedDB database, with when and from where.
function recordWaits() {
  const log = (window.__karizWaits = { gl: [], opens: [] });
  for (const C of [self.WebGL2RenderingContext, self.WebGLRenderingContext]) {
    if (!C) continue;
    for (const name of Object.getOwnPropertyNames(C.prototype)) {
      const d = Object.getOwnPropertyDescriptor(C.prototype, name);
      if (!/^(get|is|check)/.test(name) || !d || typeof d.value !== 'function') continue;
      const f = d.value;
      C.prototype[name] = function () {
        log.gl.push({ name, arg: arguments[1], at: performance.now() });
        return f.apply(this, arguments);
      };
    }
  }
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function () {
    const script = document.currentScript ? document.currentScript.src.split('/').pop() : '';
    log.opens.push({ at: performance.now(), script, parsing: document.readyState === 'loading', karizRan: !!(window.Module && window.Module.HEAP8) });
    return open.apply(this, arguments);
  };
}

test('a stored board opens without waiting on the GPU process, with the database opened while the page loads', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1400, height: 820 } });
  await ctx.addInitScript(recordWaits);
  try {
    const page = await openApp(ctx, env.url);
    await click(page, 'welcome:language-en');
    await click(page, 'button:load-sample');
    await page.waitForFunction(() => !window.kariz.savePending(), null, { polling: 50 });
    const before = (await state(page)).deals.map((d) => d.id).sort();
    await page.waitForTimeout(300);
    await page.reload();
    await page.waitForFunction(() => window.kariz && window.kariz.ready() && window.kariz.bench.firstBoardMs() > 0, null, { polling: 20 });
    await frames(page, 3);
    const first = await page.evaluate(() => ({ ms: window.kariz.bench.firstBoardMs(), waits: structuredClone(window.__karizWaits) }));
    // The board is the stored one.
    assert.deepEqual((await state(page)).deals.map((d) => d.id).sort(), before);
    await shot(page, 'load-stored-board');

    // The database: opened first by kariz-db.js while the document was still being parsed, before
    // kariz.js ran; nothing opened it a second time.
    assert.ok(first.waits.opens.length >= 1, 'IndexedDB was opened');
    assert.deepEqual(first.waits.opens[0], { ...first.waits.opens[0], script: 'kariz-db.js', parsing: true, karizRan: false });
    assert.equal(first.waits.opens.filter((o) => o.at <= first.ms).length, 1, JSON.stringify(first.waits.opens));

    // No question to the GPU process before the first board frame was done. (WebGL's own start,
    // inside getContext, is the browser's; getExtension and getContextAttributes answer from what
    // the context already knows.)
    const asked = first.waits.gl.filter((c) => c.at <= first.ms && !/^(getExtension|getContextAttributes)$/.test(c.name));
    assert.deepEqual(asked.map((c) => c.name), []);

    // The shaders are checked once the board is on screen (about half a second of frames later).
    await page.waitForFunction(() => window.__karizWaits.gl.some((c) => c.name === 'getProgramParameter'), null, { polling: 50, timeout: 10000 });
    const later = await page.evaluate(() => window.__karizWaits.gl.map((c) => c.name));
    assert.ok(later.includes('getShaderParameter'), later.join(','));
    assert.deepEqual(page.errors, []);
  } finally {
    await ctx.close();
  }
});
