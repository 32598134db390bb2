// IndexedDB for Kariz: the database's layout, its upgrades, reading the stored board and folding
// the journal into the chunks. A page script, loaded before kariz.js; web/storage.js, linked into
// kariz.js, starts the read when kariz.js runs, hands what is read to the app (the only code that
// touches wasm memory), and writes the app's saves.
//
// Database "kariz", schema version 3:
//   store "meta":      key "head"       -> snapshot text up to `"deals":[` (format, version, settings, users, pipelines)
//                      key "font-atlas" -> Uint8Array: the interface font's built atlas (app/font_atlas.h), a
//                                          cache kept by web/fonts.cpp; not part of the board
//   store "chunks":    key chunk number -> {ends: Uint32Array, bytes: Uint8Array}: about 1,000 deal records one
//                                          after another, a comma between two; ends[i] is the byte where
//                                          deal i's record ends in `bytes`
//   store "chunk_ids": key chunk number -> [deal id, ..] in the order of the chunk's deals (compaction
//                                          reads only these to find which chunks an edit touches)
//   store "journal":   key deal id      -> the deal's record (Uint8Array), empty for a deleted deal: every
//                                          edit since the last compaction, which wins over the chunks
// A deal record is binary, written and read by the app only (core/deal_record.h); this file never
// looks inside one. Earlier versions stored each deal's JSON as UTF-8 in the same places: the app
// still reads those (a record that is JSON starts with "{", a deal record with a zero byte) and
// then stores the whole board again as records.
// Loading reads a few large records (one per chunk) instead of one per deal, and hands each chunk's
// bytes to the app's reader (SnapshotPieces, core/snapshot.h) as they are: no joined copy of the
// whole board in wasm memory. Bytes, not strings (schema 2 stored strings): an ArrayBuffer comes
// out of IndexedDB as one copy, where strings had to be rebuilt, joined and encoded again. Saving
// an edit writes only the edited deals into the journal (a few hundred bytes). When the journal grows, compaction folds
// it into the chunks it touches, in one transaction that re-reads everything it rewrites (another tab
// may be writing too). Older layouts are upgraded in place inside the upgrade transaction, so either
// every deal is moved or nothing changes: version 1 kept one string record per deal in store
// "deals", version 2 kept strings in "chunks" ({ends, text}) and "journal".
'use strict';
var KarizDB = {
  name: 'kariz',
  version: 3,
  chunkSize: 1000,      // deals per chunk record
  compactAfter: 500,    // journal entries that trigger a compaction after a save
  db: null,
  journalCount: 0,      // journal entries this tab knows of (another tab may add more)
  compacting: false,
  encoder: null,
  reading: null,        // the read started when kariz.js ran, until kariz_idb_load takes it

  // One opening at a time: the page opens the database as soon as this script is parsed (below), and
  // the read started when kariz.js runs finds it open.
  opening: null,
  open: function () {
    if (KarizDB.db) return Promise.resolve(KarizDB.db);
    if (KarizDB.opening) return KarizDB.opening;
    KarizDB.opening = new Promise(function (resolve, reject) {
      if (typeof indexedDB === 'undefined') { reject(new Error('IndexedDB is not available in this browser')); return; }
      var req = indexedDB.open(KarizDB.name, KarizDB.version);
      req.onupgradeneeded = function (ev) { KarizDB.upgrade(req.result, req.transaction, ev.oldVersion); };
      req.onsuccess = function () {
        KarizDB.db = req.result;
        // Another tab upgrading the schema: let it, and reload later.
        KarizDB.db.onversionchange = function () { KarizDB.db.close(); KarizDB.db = null; };
        resolve(KarizDB.db);
      };
      req.onerror = function () { reject(req.error || new Error('could not open IndexedDB')); };
      req.onblocked = function () { reject(new Error('IndexedDB is blocked by another tab')); };
    });
    // A failed opening is not kept: the next save or read tries again.
    KarizDB.opening.then(function () { KarizDB.opening = null; }, function () { KarizDB.opening = null; });
    return KarizDB.opening;
  },
  // Runs inside the versionchange transaction: if anything fails, the old layout stays as it was.
  upgrade: function (db, tx, oldVersion) {
    if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
    if (!db.objectStoreNames.contains('chunks')) db.createObjectStore('chunks');
    if (!db.objectStoreNames.contains('chunk_ids')) db.createObjectStore('chunk_ids');
    if (!db.objectStoreNames.contains('journal')) db.createObjectStore('journal');
    if (db.objectStoreNames.contains('deals')) {  // version 1: one string per deal
      var old = tx.objectStore('deals');
      var keys = old.getAllKeys(), texts = old.getAll();
      texts.onsuccess = function () {
        KarizDB.putChunks(tx, keys.result, texts.result.map(KarizDB.utf8), 0);
        db.deleteObjectStore('deals');
      };
      return;
    }
    if (oldVersion !== 2) return;
    // Version 2: the same records with strings; string indices in `ends`.
    var chunks = tx.objectStore('chunks'), journal = tx.objectStore('journal');
    var cKeys = chunks.getAllKeys(), cTexts = chunks.getAll();
    cTexts.onsuccess = function () {
      for (var c = 0; c < cKeys.result.length; c++) {
        var old = cTexts.result[c], parts = [];
        for (var i = 0; i < old.ends.length; i++) parts.push(KarizDB.utf8(old.text.slice(i ? old.ends[i - 1] + 1 : 0, old.ends[i])));
        chunks.put(KarizDB.chunkRecord(parts), cKeys.result[c]);
      }
    };
    var jKeys = journal.getAllKeys(), jTexts = journal.getAll();
    jTexts.onsuccess = function () {
      for (var j = 0; j < jKeys.result.length; j++) journal.put(KarizDB.utf8(jTexts.result[j]), jKeys.result[j]);
    };
  },
  utf8: function (text) {
    if (!KarizDB.encoder) KarizDB.encoder = new TextEncoder();
    return KarizDB.encoder.encode(text);
  },
  // Writes deals (parallel arrays of ids and records) as chunk records numbered from firstKey.
  putChunks: function (tx, ids, deals, firstKey) {
    var chunks = tx.objectStore('chunks'), chunkIds = tx.objectStore('chunk_ids');
    for (var start = 0, key = firstKey; start < ids.length; start += KarizDB.chunkSize, key++) {
      var end = Math.min(ids.length, start + KarizDB.chunkSize);
      chunks.put(KarizDB.chunkRecord(deals.slice(start, end)), key);
      chunkIds.put(ids.slice(start, end), key);
    }
  },
  // One chunk record of deal records, a comma between two (views into wasm memory are fine: this copies).
  chunkRecord: function (deals) {
    var ends = new Uint32Array(deals.length), size = 0;
    for (var i = 0; i < deals.length; i++) {
      size += (i ? 1 : 0) + deals[i].length;
      ends[i] = size;
    }
    var bytes = new Uint8Array(size);
    for (var k = 0; k < deals.length; k++) {
      if (k) bytes[ends[k - 1]] = 44;  // ','
      bytes.set(deals[k], k ? ends[k - 1] + 1 : 0);
    }
    return { ends: ends, bytes: bytes };
  },
  // Deal i's bytes in a chunk record (a view, not a copy).
  chunkDeal: function (chunk, i) { return chunk.bytes.subarray(i ? chunk.ends[i - 1] + 1 : 0, chunk.ends[i]); },
  // Folds the journal into the chunks it touches. One readwrite transaction reads the journal and
  // the chunks' id lists, rewrites only the affected chunks, and deletes the journal entries it
  // folded in: atomic, and serialised with any other tab's save by IndexedDB itself. If it fails,
  // the journal simply stays (loading reads it anyway): nothing is lost.
  compact: function () {
    if (KarizDB.compacting) return;
    KarizDB.compacting = true;
    KarizDB.open().then(function (db) {
      var tx = db.transaction(['chunks', 'chunk_ids', 'journal'], 'readwrite');
      tx.oncomplete = function () { KarizDB.compacting = false; KarizDB.journalCount = 0; };
      tx.onabort = tx.onerror = function (ev) {
        if (ev && ev.preventDefault) ev.preventDefault();
        KarizDB.compacting = false;
      };
      KarizDB.compactIn(tx);
    }, function () { KarizDB.compacting = false; });
  },
  // The work of compact() inside a readwrite transaction on chunks, chunk_ids and journal that
  // the caller owns. `saving` (optional): a save's own deals (id -> record, empty for a deleted
  // one), newer than the journal's entries and folded in with them without passing through the
  // journal (see kariz_idb_save).
  compactIn: function (tx, saving) {
    var journal = tx.objectStore('journal'), chunks = tx.objectStore('chunks'), chunkIds = tx.objectStore('chunk_ids');
    var jKeys = journal.getAllKeys(), jTexts = journal.getAll();
    var cKeys = chunkIds.getAllKeys(), cIds = chunkIds.getAll();
    cIds.onsuccess = function () {
      var edits = new Map();
      for (var i = 0; i < jKeys.result.length; i++) edits.set(jKeys.result[i], jTexts.result[i]);
      if (saving) saving.forEach(function (deal, id) { edits.set(id, deal); });
      if (!edits.size) return;
      var placed = new Set(), touched = [], nextKey = 0;
      for (var c = 0; c < cKeys.result.length; c++) {
        nextKey = Math.max(nextKey, cKeys.result[c] + 1);
        var ids = cIds.result[c], hit = false;
        for (var k = 0; k < ids.length; k++) if (edits.has(ids[k])) { hit = true; placed.add(ids[k]); }
        if (hit) touched.push(c);
      }
      var waiting = touched.length;
      function finish() {
        // Deals that are in no chunk yet (created since the last compaction) get new chunks.
        var newIds = [], newTexts = [];
        edits.forEach(function (deal, id) { if (!placed.has(id) && deal.length) { newIds.push(id); newTexts.push(deal); } });
        KarizDB.putChunks(tx, newIds, newTexts, nextKey);
        jKeys.result.forEach(function (id) { journal.delete(id); });
      }
      if (!waiting) { finish(); return; }
      touched.forEach(function (c) {
        var key = cKeys.result[c], ids = cIds.result[c];
        var get = chunks.get(key);
        get.onsuccess = function () {
          var keptIds = [], keptTexts = [];
          for (var i = 0; i < ids.length; i++) {
            var id = ids[i];
            if (!edits.has(id)) { keptIds.push(id); keptTexts.push(KarizDB.chunkDeal(get.result, i)); }
            else if (edits.get(id).length) { keptIds.push(id); keptTexts.push(edits.get(id)); }
          }
          if (keptIds.length) {
            chunks.put(KarizDB.chunkRecord(keptTexts), key);
            chunkIds.put(keptIds, key);
          } else {
            chunks.delete(key);
            chunkIds.delete(key);
          }
          if (--waiting === 0) finish();
        };
      });
    };
  },
  // Keeps the interface font's built atlas (web/fonts.cpp). A cache: if it cannot be written (a full
  // disk), the next visit builds the fonts again, so a failure is not reported.
  putAtlas: function (bytes) {
    KarizDB.open().then(function (db) {
      var tx = db.transaction(['meta'], 'readwrite');
      tx.onabort = tx.onerror = function (ev) { if (ev && ev.preventDefault) ev.preventDefault(); };
      try { tx.objectStore('meta').put(bytes, 'font-atlas'); } catch (e) { try { tx.abort(); } catch (ignored) {} }
    }, function () {});
  },
  // Timing marks for tests/bench (performance.getEntriesByName): where loading spends its time.
  mark: function (name) { if (typeof performance !== 'undefined' && performance.mark) performance.mark(name); },
  errorText: function (e) {
    if (!e) return 'unknown error';
    if (e.name === 'QuotaExceededError') return 'the browser storage is full (quota exceeded)';
    return (e.name ? e.name + ': ' : '') + (e.message || String(e));
  },

  // Reads the stored board in one readonly transaction (a consistent view of all stores) and
  // returns a reading: pieces in the order the app takes them, kept until listen() is called.
  //   {kind: 'atlas', bytes}                  the kept font atlas (Uint8Array) or null; first, unless withoutAtlas
  //   {kind: 'nothing'}                       nothing stored yet
  //   {kind: 'head', head, expectedDeals}     the snapshot head; about how many deals follow
  //   {kind: 'deals', parts: [Uint8Array],    deal records: a chunk, its deals the journal leaves,
  //    ends: [Uint32Array or null]}           or the journal's deals at the end; ends[k] is a
  //                                           whole chunk's ends, null for a part of one record
  //   {kind: 'end', journalCount}             everything was read
  //   {kind: 'error', message}                nothing more follows
  // A chunk's deals that the journal replaces or deletes are left out of its piece; the journal's
  // own deals come last.
  // `withoutAtlas`: leave out the font atlas (another tab's new board is read, not a page load).
  read: function (withoutAtlas) {
    var reading = { pieces: [], take: null, over: false };
    reading.listen = function (fn) {
      reading.take = fn;
      var waiting = reading.pieces;
      reading.pieces = [];
      waiting.forEach(fn);
    };
    function put(piece) {
      if (reading.over) return;
      if (piece.kind === 'nothing' || piece.kind === 'end' || piece.kind === 'error') reading.over = true;
      if (reading.take) reading.take(piece); else reading.pieces.push(piece);
    }
    function start(db) {
      var tx = db.transaction(['meta', 'chunks', 'chunk_ids', 'journal'], 'readonly');
      tx.onerror = function () { put({ kind: 'error', message: 'reading: ' + KarizDB.errorText(tx.error) }); };
      var journal = tx.objectStore('journal'), meta = tx.objectStore('meta');
      // First, so the app has its fonts (web/fonts.cpp) while the rest is read.
      var atlas = withoutAtlas ? null : meta.get('font-atlas');
      if (atlas) atlas.onsuccess = function () { put({ kind: 'atlas', bytes: atlas.result instanceof Uint8Array ? atlas.result : null }); };
      var head = meta.get('head');
      var jKeys = journal.getAllKeys(), jTexts = journal.getAll();
      var chunkIds = tx.objectStore('chunk_ids').getAll(), chunks = tx.objectStore('chunks').getAll();
      // One getAll for all chunks. Asked for one by one (so the app could parse each while the next
      // was read), a 10,000-deal board came no sooner: each large record is a blob the page reads
      // on its own, and parsing one held up reading the next (issue 7).
      chunks.onsuccess = function () {
        KarizDB.mark('kariz-stored-read');
        if (head.result === undefined) { put({ kind: 'nothing' }); return; }
        if (chunks.result.length !== chunkIds.result.length) {
          put({ kind: 'error', message: 'reading: the stored deal chunks do not match their id lists' });
          return;
        }
        var edits = new Map();
        for (var i = 0; i < jKeys.result.length; i++) edits.set(jKeys.result[i], jTexts.result[i]);
        put({ kind: 'head', head: head.result, expectedDeals: chunks.result.length * KarizDB.chunkSize + edits.size });
        for (var c = 0; c < chunks.result.length; c++) {
          var chunk = chunks.result[c], ids = chunkIds.result[c], hit = false;
          if (ids.length !== chunk.ends.length) {
            put({ kind: 'error', message: 'reading: the stored deal chunks do not match their id lists' });
            return;
          }
          if (edits.size) for (var k = 0; k < ids.length && !hit; k++) hit = edits.has(ids[k]);
          var parts = [], ends = [];
          if (!hit) {
            if (chunk.bytes.length) { parts.push(chunk.bytes); ends.push(chunk.ends); }
          } else {
            for (var d = 0; d < ids.length; d++) if (!edits.has(ids[d])) { parts.push(KarizDB.chunkDeal(chunk, d)); ends.push(null); }
          }
          put({ kind: 'deals', parts: parts, ends: ends });
        }
        var journalDeals = [], journalEnds = [];
        edits.forEach(function (deal) { if (deal.length) { journalDeals.push(deal); journalEnds.push(null); } });
        put({ kind: 'deals', parts: journalDeals, ends: journalEnds });
        put({ kind: 'end', journalCount: edits.size });
      };
    }
    // Asked for at once when the database is already open: a promise's callback would wait until
    // kariz.js has run to its end, and with it for the WebGL context made there (shell.js), which
    // waits on the GPU process (issue 7).
    function failed(e) { put({ kind: 'error', message: KarizDB.errorText(e) }); }
    function startOrFail(db) { try { start(db); } catch (e) { failed(e); } }
    if (KarizDB.db) startOrFail(KarizDB.db);
    else KarizDB.open().then(startOrFail, failed);
    return reading;
  },
};

// Opened while the rest of the page loads: opening takes a round trip to the browser's storage
// that used to wait behind kariz.js. Only opened: reading 10 MB this early held up kariz.data
// (web/storage.js). A failure here shows when the app reads.
KarizDB.open().catch(function () {});
