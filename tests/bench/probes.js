// Page-side probes for the browser benchmark, installed before the app's own scripts
// (context.addInitScript). They only observe; the app runs unchanged.
//  - Synchronous WebGL queries (get*/is*/check*): in Chromium each one is a round trip to the GPU
//    process and waits for the work queued before it. With SwiftShader that wait is the previous
//    frame's software rendering, so the app's own frame time (web/test_api.cpp) mostly measures
//    the GPU process. Each animation-frame callback that used WebGL is recorded as
//    [callback ms, ms inside synchronous GL queries, number of such queries].
//  - IndexedDB getAll(): when the stored deals were asked for and when they arrived, to split the
//    load time into storage read and snapshot parsing.
'use strict';
(() => {
  const S = (window.__karizBench = { frames: [], glMs: 0, glCalls: 0, idb: [] });
  for (const C of [self.WebGL2RenderingContext, self.WebGLRenderingContext]) {
    if (!C) continue;
    for (const name of Object.getOwnPropertyNames(C.prototype)) {
      if (!/^(get|is|check)/.test(name)) continue;
      const d = Object.getOwnPropertyDescriptor(C.prototype, name);
      if (!d || typeof d.value !== 'function') continue;
      const f = d.value;
      C.prototype[name] = function () {
        const t0 = performance.now();
        try { return f.apply(this, arguments); } finally { S.glMs += performance.now() - t0; S.glCalls++; }
      };
    }
  }
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const g0 = S.glMs, c0 = S.glCalls, t0 = performance.now();
    try { cb(ts); } finally {
      if (S.glCalls > c0) {  // a frame of the app, not one of the driver's own waits
        if (S.frames.length > 20000) S.frames.length = 0;
        S.frames.push([performance.now() - t0, S.glMs - g0, S.glCalls - c0]);
      }
    }
  });
  const getAll = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function () {
    const rec = { store: this.name, start: performance.now(), end: 0 };
    S.idb.push(rec);
    const req = getAll.apply(this, arguments);
    req.addEventListener('success', () => { rec.end = performance.now(); });
    return req;
  };
})();
