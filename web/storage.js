// IndexedDB for Kariz, as an Emscripten JS library (linked with --js-library).
// Database "kariz", schema version 3:
//   store "meta":      key "head"       -> snapshot text up to `"deals":[` (format, version, settings, users, pipelines)
//   store "chunks":    key chunk number -> {ends: Uint32Array, bytes: Uint8Array}: about 1,000 deals' JSON as
//                                          UTF-8, joined with commas, ready to join into the snapshot; ends[i]
//                                          is the byte where deal i's JSON ends in `bytes`
//   store "chunk_ids": key chunk number -> [deal id, ..] in the order of the chunk's deals (compaction
//                                          reads only these to find which chunks an edit touches)
//   store "journal":   key deal id      -> the deal's JSON as UTF-8 bytes (Uint8Array), empty for a deleted
//                                          deal: every edit since the last compaction, which wins over the chunks
// Loading reads a few large records (one per chunk) instead of one per deal and copies their bytes
// straight into one snapshot text in wasm memory, which core/snapshot_read.cpp validates like any
// file. Bytes, not strings (schema 2 stored strings): an ArrayBuffer comes out of IndexedDB as one
// copy, where ~10 MB of strings (two bytes a character once a deal has Persian or Arabic text) had
// to be rebuilt as JavaScript strings, joined, then encoded to UTF-8 again; issue 7 measured that at
// half of loading a 10,000-deal board. Saving an edit writes only the edited deals into the journal
// (a few kB). When the journal grows, compaction folds it into the chunks it touches, in one
// transaction that re-reads everything it rewrites (another tab may be writing too). Older layouts
// are upgraded in place inside the upgrade transaction, so either every deal is moved or nothing
// changes: version 1 kept one string record per deal in store "deals", version 2 kept strings in
// "chunks" ({ends, text}) and "journal".
// Emscripten's own emscripten_idb_* calls cannot list keys or batch writes in one transaction,
// which a 100,000-deal load and an atomic save need; hence this small library.
mergeInto(LibraryManager.library, {
  // Runs when kariz.js is evaluated, before kariz.wasm is compiled: see KarizDB.prefetch. The mark
  // tells tests/bench when the runtime was ready (wasm instantiated, data file in place), so the
  // load time can be split into getting the app and the app's own start.
  $KarizDB__postset: 'KarizDB.prefetch(); addOnInit(function () { KarizDB.mark("kariz-runtime-ready"); });',
  $KarizDB: {
    name: 'kariz',
    version: 3,
    chunkSize: 1000,      // deals per chunk record
    compactAfter: 500,    // journal entries that trigger a compaction after a save
    db: null,
    journalCount: 0,      // journal entries this tab knows of (another tab may add more)
    compacting: false,
    open: function () {
      return new Promise(function (resolve, reject) {
        if (KarizDB.db) { resolve(KarizDB.db); return; }
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
    // Writes deals (parallel arrays of ids and UTF-8 JSON) as chunk records numbered from firstKey.
    putChunks: function (tx, ids, deals, firstKey) {
      var chunks = tx.objectStore('chunks'), chunkIds = tx.objectStore('chunk_ids');
      for (var start = 0, key = firstKey; start < ids.length; start += KarizDB.chunkSize, key++) {
        var end = Math.min(ids.length, start + KarizDB.chunkSize);
        chunks.put(KarizDB.chunkRecord(deals.slice(start, end)), key);
        chunkIds.put(ids.slice(start, end), key);
      }
    },
    // One record of deals' UTF-8 JSON joined with commas (views into wasm memory are fine: this copies).
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
    // the caller owns (a save may fold its own entries in: see kariz_idb_save). Requests run in
    // order within a transaction, so entries the caller has just put are read back here.
    compactIn: function (tx) {
      var journal = tx.objectStore('journal'), chunks = tx.objectStore('chunks'), chunkIds = tx.objectStore('chunk_ids');
      var jKeys = journal.getAllKeys(), jTexts = journal.getAll();
      var cKeys = chunkIds.getAllKeys(), cIds = chunkIds.getAll();
      cIds.onsuccess = function () {
        var edits = new Map();
        for (var i = 0; i < jKeys.result.length; i++) edits.set(jKeys.result[i], jTexts.result[i]);
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
    // Hands a string (a message) to C: malloc'd UTF-8, not ccall's stack.
    callWithString: function (fn, text, extra) {
      var bytes = KarizDB.utf8(text);
      var p = _malloc(bytes.length + 1);
      HEAPU8.set(bytes, p);  // HEAPU8 read after malloc: a memory growth replaces it
      HEAPU8[p + bytes.length] = 0;
      fn(p, extra);
      _free(p);
    },
    encoder: null,  // made on first use: the library object is written out as source text
    // Timing marks for tests/bench (performance.getEntriesByName): where loading spends its time.
    mark: function (name) { if (typeof performance !== 'undefined' && performance.mark) performance.mark(name); },
    // The stored board is asked for as soon as kariz.js runs, so reading IndexedDB overlaps
    // downloading and compiling kariz.wasm and the data file; main() (storage_start) then takes
    // the result. It used to start only once main() ran, after all of those (issue 7). Another
    // tab's writes after this read still arrive: web/page/tabs.js queues them until the board is
    // loaded, and its channel is open before kariz.js runs.
    pending: null,
    prefetch: function () {
      KarizDB.pending = KarizDB.read();
      KarizDB.pending.catch(function () {});  // reported when main() asks for it
    },
    // Everything loading needs, in one readonly transaction (a consistent view of all stores).
    read: function () {
      return KarizDB.open().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction(['meta', 'chunks', 'chunk_ids', 'journal'], 'readonly');
          var head = tx.objectStore('meta').get('head');
          var chunks = tx.objectStore('chunks').getAll(), chunkIds = tx.objectStore('chunk_ids').getAll();
          var jKeys = tx.objectStore('journal').getAllKeys(), jTexts = tx.objectStore('journal').getAll();
          tx.oncomplete = function () {
            KarizDB.mark('kariz-stored-read');
            resolve({ head: head.result, chunks: chunks.result, chunkIds: chunkIds.result, jKeys: jKeys.result, jTexts: jTexts.result });
          };
          tx.onerror = function () { reject({ reading: true, error: tx.error }); };
        });
      });
    },
    errorText: function (e) {
      if (!e) return 'unknown error';
      if (e.name === 'QuotaExceededError') return 'the browser storage is full (quota exceeded)';
      return (e.name ? e.name + ': ' : '') + (e.message || String(e));
    },
  },

  kariz_idb_load__deps: ['$KarizDB', 'malloc', 'free'],
  kariz_idb_load: function () {
    var read = KarizDB.pending || KarizDB.read();
    KarizDB.pending = null;
    read.then(function (stored) {
      if (stored.head === undefined) { _kariz_storage_loaded(0, 0); return; }
      if (stored.chunks.length !== stored.chunkIds.length) {
        KarizDB.callWithString(_kariz_storage_failed, 'reading: the stored deal chunks do not match their id lists', 0);
        return;
      }
      var edits = new Map();
      for (var i = 0; i < stored.jKeys.length; i++) edits.set(stored.jKeys[i], stored.jTexts[i]);
      var parts = [];  // UTF-8 pieces of the deals array, commas between them
      for (var c = 0; c < stored.chunks.length; c++) {
        var chunk = stored.chunks[c], ids = stored.chunkIds[c], hit = false;
        if (edits.size) for (var k = 0; k < ids.length && !hit; k++) hit = edits.has(ids[k]);
        if (!hit) {
          if (chunk.bytes.length) parts.push(chunk.bytes);
          continue;
        }
        for (var d = 0; d < ids.length; d++) if (!edits.has(ids[d])) parts.push(KarizDB.chunkDeal(chunk, d));
      }
      edits.forEach(function (deal) { if (deal.length) parts.push(deal); });
      KarizDB.journalCount = edits.size;
      // head + parts joined with commas + "]}", written once into wasm memory.
      var head = KarizDB.utf8(stored.head), size = head.length + 2;
      for (var p = 0; p < parts.length; p++) size += (p ? 1 : 0) + parts[p].length;
      var text = _malloc(size + 1);
      var heap = HEAPU8, at = text + head.length;  // HEAPU8 read after malloc: a memory growth replaces it
      heap.set(head, text);
      for (var q = 0; q < parts.length; q++) {
        if (q) heap[at++] = 44;  // ','
        heap.set(parts[q], at);
        at += parts[q].length;
      }
      heap[at++] = 93;   // ']'
      heap[at++] = 125;  // '}'
      heap[at] = 0;
      KarizDB.mark('kariz-stored-joined');
      _kariz_storage_loaded(text, size);
      _free(text);
      KarizDB.mark('kariz-stored-loaded');
      if (KarizDB.journalCount >= KarizDB.compactAfter) KarizDB.compact();
    }, function (e) {
      if (e && e.reading) KarizDB.callWithString(_kariz_storage_failed, 'reading: ' + KarizDB.errorText(e.error), 0);
      else KarizDB.callWithString(_kariz_storage_failed, KarizDB.errorText(e), 0);
    });
  },

  // head: the new head record or empty; puts: putsLength bytes "id\njson\nid\njson..." (JSON has no
  // raw newline); deletes: "id\nid"; clear: replace everything. A full save (clearAll) writes fresh
  // chunks; any other save only adds journal entries.
  kariz_idb_save__deps: ['$KarizDB', 'malloc', 'free'],
  kariz_idb_save: function (headPtr, putsPtr, putsLength, deletesPtr, clearAll) {
    var head = UTF8ToString(headPtr), deletes = UTF8ToString(deletesPtr);
    // The deals' bytes are copied out of wasm memory now: the transaction runs after this returns.
    var puts = HEAPU8.subarray(putsPtr, putsPtr + putsLength), ids = [], deals = [];
    for (var at = 0; at < puts.length;) {
      var idEnd = puts.indexOf(10, at), dealEnd = idEnd < 0 ? -1 : puts.indexOf(10, idEnd + 1);
      if (idEnd < 0) break;
      if (dealEnd < 0) dealEnd = puts.length;
      ids.push(UTF8ToString(putsPtr + at, idEnd - at));
      deals.push(puts.slice(idEnd + 1, dealEnd));
      at = dealEnd + 1;
    }
    var reported = false;
    function fail(e) {
      if (reported) return;
      reported = true;
      KarizDB.callWithString(_kariz_storage_saved_error, KarizDB.errorText(e), 0);
    }
    KarizDB.open().then(function (db) {
      var tx = db.transaction(['meta', 'chunks', 'chunk_ids', 'journal'], 'readwrite');
      var journaled = 0, folded = false;
      tx.oncomplete = function () {
        if (reported) return;
        if (clearAll || folded) KarizDB.journalCount = 0;
        else KarizDB.journalCount += journaled;
        _kariz_storage_saved();
        if (KarizDB.journalCount >= KarizDB.compactAfter) KarizDB.compact();
      };
      tx.onabort = tx.onerror = function (ev) {
        if (ev && ev.preventDefault) ev.preventDefault();
        fail(tx.error);
      };
      try {
        var meta = tx.objectStore('meta'), journal = tx.objectStore('journal');
        if (head) meta.put(head, 'head');
        if (clearAll) {
          tx.objectStore('chunks').clear();
          tx.objectStore('chunk_ids').clear();
          journal.clear();
          KarizDB.putChunks(tx, ids, deals, 0);
        } else {
          for (var j = 0; j < ids.length; j++, journaled++) journal.put(deals[j], ids[j]);
        }
        // A deleted deal may still be in a chunk: an empty entry in the journal hides it until compaction.
        if (deletes) deletes.split('\n').forEach(function (id) { journal.put(new Uint8Array(0), id); journaled++; });
        // A save that alone fills the journal (a merged import touches every deal) is folded into
        // the chunks in this same transaction. Left in the journal, the next load would read one
        // record per deal (issue 7: 10,000 journal records took most of a 10k board's load) and
        // the compaction after it could be cut short by closing the tab.
        if (!clearAll && journaled >= KarizDB.compactAfter) {
          folded = true;
          KarizDB.compactIn(tx);
        }
      } catch (e) {
        // A request that throws (quota, a closed database) aborts the whole save: all or nothing.
        fail(e);
        try { tx.abort(); } catch (ignored) {}
      }
    }, fail);
  },
});
