// Page-side probes for the browser benchmark, installed before the app's own scripts
// (context.addInitScript). They only observe; the app runs unchanged.
//  - Synchronous WebGL queries (get*/is*/check*): in Chromium each one is a round trip to the GPU
//    process and waits for the work queued before it. With SwiftShader that wait is the previous
//    frame's software rendering, so the app's own frame time (web/test_api.cpp) mostly measures
//    the GPU process. Each animation-frame callback that drew (called clear) is recorded as
//    [callback ms, ms inside synchronous GL queries, number of such queries, ms since the
//    previous drawing callback started, wheel events since that one (this frame scrolled)].
//    Kariz's renderer (web/gl_renderer.cpp) makes no such queries, so the callback time is the
//    app's own CPU; the interval shows how fast the GPU process (SwiftShader here) actually turns
//    frames out.
//  - IndexedDB get() and getAll(): when the stored deals were asked for and when the last arrived,
//    to split the load time into storage read and snapshot parsing.
'use strict';
(() => {
  const S = (window.__karizBench = { frames: [], glMs: 0, glCalls: 0, clears: 0, lastFrameStart: 0, wheels: 0, wheelsSeen: 0, moves: 0, movesSeen: 0, idb: [] });
  // Wheel events reaching the page (before the canvas's own listeners: capture on window).
  window.addEventListener('wheel', () => { S.wheels++; }, { capture: true, passive: true });
  window.addEventListener('mousemove', () => { S.moves++; }, { capture: true, passive: true });
  for (const C of [self.WebGL2RenderingContext, self.WebGLRenderingContext]) {
    if (!C) continue;
    for (const name of Object.getOwnPropertyNames(C.prototype)) {
      if (!/^(get|is|check)/.test(name) && name !== 'clear') continue;
      const d = Object.getOwnPropertyDescriptor(C.prototype, name);
      if (!d || typeof d.value !== 'function') continue;
      const f = d.value;
      if (name === 'clear') {
        C.prototype.clear = function () { S.clears++; return f.apply(this, arguments); };
        continue;
      }
      C.prototype[name] = function () {
        const t0 = performance.now();
        try { return f.apply(this, arguments); } finally { S.glMs += performance.now() - t0; S.glCalls++; }
      };
    }
  }
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const g0 = S.glMs, c0 = S.glCalls, k0 = S.clears, w0 = S.wheels, m0 = S.moves, t0 = performance.now();
    try { cb(ts); } finally {
      if (S.clears > k0) {  // a frame of the app, not one of the driver's own waits
        if (S.frames.length > 20000) S.frames.length = 0;
        S.frames.push([performance.now() - t0, S.glMs - g0, S.glCalls - c0, S.lastFrameStart ? t0 - S.lastFrameStart : null, w0 - S.wheelsSeen, m0 - S.movesSeen]);
        S.lastFrameStart = t0;
        S.wheelsSeen = w0;
        S.movesSeen = m0;
      }
    }
  });
  for (const name of ['get', 'getAll']) {
    const original = IDBObjectStore.prototype[name];
    IDBObjectStore.prototype[name] = function () {
      const rec = { store: this.name, start: performance.now(), end: 0 };
      S.idb.push(rec);
      const req = original.apply(this, arguments);
      req.addEventListener('success', () => { rec.end = performance.now(); });
      return req;
    };
  }
})();
