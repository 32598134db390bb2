// The page around the WebAssembly app: canvas, file picker, paste, saving when the tab hides,
// and window.kariz, the small test interface the browser tests use.
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  const fileInput = document.getElementById('import-file');
  const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
  let started = false;  // the runtime is up: exported functions may be called

  function showFatal(text) {
    const el = document.getElementById('fatal');
    const words = window.karizWords && window.karizWords.stopped;  // set by the app once it ran
    el.textContent = words ? words.replace('{0}', text) : 'Kariz stopped: ' + text + ' — your saved board is safe; reload the page.';
    el.hidden = false;
  }

  window.Module = {
    canvas: canvas,
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    onKarizStarted: () => { started = true; },
    // The first frame is drawn once the stored board is read (web/main.cpp frame()).
    onKarizShown: () => { const el = document.getElementById('loading'); if (el) el.remove(); },
    onAbort: (what) => showFatal(String(what)),
    // The WebGL context is made while kariz.wasm is still downloading and compiling (Emscripten's
    // GL_PREINITIALIZED_CONTEXT; preInit runs once kariz.js has started those and the IndexedDB
    // read). Making it waits on the GPU process, 20-60 ms here, which used to hold up main() and
    // with it the first frame (issue 7). The attributes match the GLFW hints in web/main.cpp.
    // The canvas gets its size in device pixels first, as main() will ask for it: resizing it later
    // would reallocate the drawing buffer (another wait).
    preInit: [() => {
      const dpr = window.devicePixelRatio || 1, box = canvas.getBoundingClientRect();
      canvas.width = Math.floor(Math.max(1, Math.round(box.width)) * dpr);
      canvas.height = Math.floor(Math.max(1, Math.round(box.height)) * dpr);
      Module.preinitializedWebGLContext = canvas.getContext('webgl2', { alpha: false, depth: false, stencil: false, antialias: false });
    }],
  };

  // Strings go to C through malloc, not the stack: an imported file may be tens of megabytes.
  function withCString(text, fn) {
    const n = Module.lengthBytesUTF8(text) + 1;
    const p = Module._malloc(n);
    Module.stringToUTF8(text, p, n);
    try { return fn(p); } finally { Module._free(p); }
  }

  function rect(name) {
    if (!started) return null;
    const out = Module._malloc(16);
    try {
      const found = withCString(name, (p) => Module._kariz_test_rect(p, out));
      if (!found) return null;
      const f = new Float32Array(Module.HEAPF32.buffer, out, 4);
      const box = canvas.getBoundingClientRect();
      return { x: box.left + f[0], y: box.top + f[1], width: f[2], height: f[3] };
    } finally { Module._free(out); }
  }

  function inside(r, ev) { return r && ev.clientX >= r.x && ev.clientX <= r.x + r.width && ev.clientY >= r.y && ev.clientY <= r.y + r.height; }

  // A file picker may only open inside a user gesture: arm on pointerdown over the Import
  // button, open on the pointerup that follows.
  let importArmed = false;
  canvas.addEventListener('pointerdown', (ev) => { importArmed = inside(rect('button:import'), ev); });
  canvas.addEventListener('pointerup', (ev) => {
    if (importArmed && inside(rect('button:import'), ev)) { fileInput.value = ''; fileInput.click(); }
    importArmed = false;
  });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files && fileInput.files[0];
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      withCString(file.name, (n) => withCString('file is too large (' + Math.round(file.size / 1048576) + ' MB, at most 256 MB)',
        (r) => Module._kariz_import_refused(n, r)));
      return;
    }
    const text = await file.text();
    withCString(file.name, (n) => withCString(text, (t) => Module._kariz_import_file(n, t)));
  });

  // CSV import: armed the same way over the "Import deals from CSV…" item of the CSV menu. The
  // bytes go to the app unchanged (no text decoding here): the reader skips a BOM itself and
  // lists rows that are not UTF-8 instead of silently turning them into replacement characters.
  const csvInput = document.getElementById('import-csv-file');
  let csvArmed = false;
  canvas.addEventListener('pointerdown', (ev) => { csvArmed = inside(rect('button:import-csv'), ev); });
  canvas.addEventListener('pointerup', (ev) => {
    if (csvArmed && inside(rect('button:import-csv'), ev)) { csvInput.value = ''; csvInput.click(); }
    csvArmed = false;
  });
  csvInput.addEventListener('change', async () => {
    const file = csvInput.files && csvInput.files[0];
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      withCString(file.name, (n) => withCString('file is too large (' + Math.round(file.size / 1048576) + ' MB, at most 256 MB)',
        (r) => Module._kariz_import_refused(n, r)));
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const p = Module._malloc(Math.max(1, bytes.length));
    try {
      Module.HEAPU8.set(bytes, p);
      withCString(file.name, (n) => Module._kariz_import_csv(n, p, bytes.length));
    } finally { Module._free(p); }
  });

  window.addEventListener('paste', (ev) => {
    const text = ev.clipboardData && ev.clipboardData.getData('text/plain');
    if (text && Module._kariz_paste_text) { withCString(text, (p) => Module._kariz_paste_text(p)); ev.preventDefault(); }
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && Module._kariz_page_hidden) Module._kariz_page_hidden();
  });
  window.addEventListener('pagehide', () => { if (Module._kariz_page_hidden) Module._kariz_page_hidden(); });
  canvas.addEventListener('contextmenu', (ev) => ev.preventDefault());
  // Registered before GLFW's listener, so it runs first: tells main.cpp how to turn the same
  // event's delta into notches (pixels: 100 a notch, lines: 3, pages: 1).
  canvas.addEventListener('wheel', (ev) => { Module.karizWheelScale = [0.01, 1 / 3, 1][ev.deltaMode] || 0.01; }, true);
  window.addEventListener('error', (ev) => showFatal(ev.message));

  // The test interface: read the state, find where a named item was drawn, control the clock.
  window.kariz = {
    ready: () => started && Module._kariz_test_ready() === 1,
    inputPending: () => Module._kariz_test_input_pending(),
    state: () => JSON.parse(Module.UTF8ToString(Module._kariz_test_state())),
    ui: () => JSON.parse(Module.UTF8ToString(Module._kariz_test_ui())),
    report: () => JSON.parse(Module.UTF8ToString(Module._kariz_test_report())),
    roles: () => JSON.parse(Module.UTF8ToString(Module._kariz_test_roles())),
    fonts: () => JSON.parse(Module.UTF8ToString(Module._kariz_test_fonts())),  // web/fonts.cpp
    rect: rect,
    setClock: (seconds) => Module._kariz_test_set_clock(seconds),
    savePending: () => Module._kariz_test_save_pending() === 1,
    lastSaveBytes: () => Module._kariz_test_last_save_bytes(),
    // The bytes this app would store for a deal (snapshot JSON text), as a Uint8Array; null if unreadable.
    storedRecord: (dealJson) => {
      const out = Module._malloc(4);
      try {
        const p = withCString(dealJson, (c) => Module._kariz_test_deal_record(c, out));
        return p ? Module.HEAPU8.slice(p, p + Module.HEAP32[out >> 2]) : null;
      } finally { Module._free(out); }
    },
    selling: (dealId) => JSON.parse(Module.UTF8ToString(withCString(dealId || '', (p) => Module._kariz_test_selling(p)))),
    csv: () => JSON.parse(Module.UTF8ToString(Module._kariz_test_csv())),  // web/test_api_csv.cpp
    // Timings measured inside the app, for tests/bench.
    bench: {
      framesReset: () => Module._kariz_bench_frames_reset(),
      frames: () => ({ count: Module._kariz_bench_frames(0), drawn: Module._kariz_bench_frames(3), median: Module._kariz_bench_frames(1), p95: Module._kariz_bench_frames(2) }),
      firstBoardMs: () => Module._kariz_bench_first_board_ms(),
      lastSaveMs: () => Module._kariz_bench_last_save_ms(),
      search: (q) => withCString(q, (p) => Module._kariz_bench_search(p)),
      exportSnapshot: () => {
        const out = Module._malloc(4);
        try {
          const ms = Module._kariz_bench_export(out);
          return { ms, bytes: Module.HEAP32[out >> 2], text: () => Module.UTF8ToString(Module._kariz_bench_export_text()) };
        } finally { Module._free(out); }
      },
      importSnapshot: (text) => {
        const out = Module._malloc(4);
        try {
          const ms = withCString(text, (p) => Module._kariz_bench_import(p, out));
          return { ms, deals: Module.HEAP32[out >> 2] };
        } finally { Module._free(out); }
      },
      heapBytes: () => Module.HEAP8.length,
    },
  };
})();
