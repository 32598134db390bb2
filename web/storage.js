// IndexedDB for Kariz, as an Emscripten JS library (linked with --js-library).
// Database "kariz", schema version 2:
//   store "meta":      key "head"       -> snapshot text up to `"deals":[` (format, version, settings, users, pipelines)
//   store "chunks":    key chunk number -> {ends: [..], text: "deal,deal,..."}: about 1,000 deals' JSON texts
//                                          joined with commas, ready to join into the snapshot; ends[i] is
//                                          where deal i's text ends in `text`
//   store "chunk_ids": key chunk number -> [deal id, ..] in the order of the chunk's text (compaction
//                                          reads only these to find which chunks an edit touches)
//   store "journal":   key deal id      -> the deal's JSON text, or '' for a deleted deal: every edit
//                                          since the last compaction, which wins over the chunks
// Loading reads a few large records (one per chunk) instead of one per deal, and joins them back into
// one snapshot text that core/snapshot.cpp validates like any file. Saving an edit writes only the
// edited deals into the journal (a few kB). When the journal grows, compaction folds it into the
// chunks it touches, in one transaction that re-reads everything it rewrites (another tab may be
// writing too). Version 1 kept one record per deal in store "deals"; opening upgrades it in place,
// inside the upgrade transaction, so either every deal is moved or nothing changes.
// Emscripten's own emscripten_idb_* calls cannot list keys or batch writes in one transaction,
// which a 100,000-deal load and an atomic save need; hence this small library.
mergeInto(LibraryManager.library, {
  // Runs when kariz.js is evaluated, before kariz.wasm is compiled: see KarizDB.prefetch. The mark
  // tells tests/bench when the runtime was ready (wasm instantiated, data file in place), so the
  // load time can be split into getting the app and the app's own start.
  $KarizDB__postset: 'KarizDB.prefetch(); addOnInit(function () { KarizDB.mark("kariz-runtime-ready"); });',
  $KarizDB: {
    name: 'kariz',
    version: 2,
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
        req.onupgradeneeded = function () { KarizDB.upgrade(req.result, req.transaction); };
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
    upgrade: function (db, tx) {
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
      if (!db.objectStoreNames.contains('chunks')) db.createObjectStore('chunks');
      if (!db.objectStoreNames.contains('chunk_ids')) db.createObjectStore('chunk_ids');
      if (!db.objectStoreNames.contains('journal')) db.createObjectStore('journal');
      if (!db.objectStoreNames.contains('deals')) return;
      var old = tx.objectStore('deals');
      var keys = old.getAllKeys(), texts = old.getAll();
      texts.onsuccess = function () {
        KarizDB.putChunks(tx, keys.result, texts.result, 0);
        db.deleteObjectStore('deals');
      };
    },
    // Writes deals (parallel arrays of ids and JSON texts) as chunk records numbered from firstKey.
    putChunks: function (tx, ids, texts, firstKey) {
      var chunks = tx.objectStore('chunks'), chunkIds = tx.objectStore('chunk_ids');
      for (var start = 0, key = firstKey; start < ids.length; start += KarizDB.chunkSize, key++) {
        var end = Math.min(ids.length, start + KarizDB.chunkSize);
        var part = texts.slice(start, end);
        chunks.put(KarizDB.chunkRecord(part), key);
        chunkIds.put(ids.slice(start, end), key);
      }
    },
    chunkRecord: function (texts) {
      var ends = new Array(texts.length), at = 0;
      for (var i = 0; i < texts.length; i++) {
        at += (i ? 1 : 0) + texts[i].length;
        ends[i] = at;
      }
      return { ends: ends, text: texts.join(',') };
    },
    // Deal i's text in a chunk record (ends are string indices, commas between deals).
    chunkDeal: function (chunk, i) { return chunk.text.slice(i ? chunk.ends[i - 1] + 1 : 0, chunk.ends[i]); },
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
          edits.forEach(function (text, id) { if (!placed.has(id) && text) { newIds.push(id); newTexts.push(text); } });
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
              else if (edits.get(id)) { keptIds.push(id); keptTexts.push(edits.get(id)); }
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
    // Hands a (possibly large) string to C without the stack: ccall would put it on the stack.
    // TextEncoder is native code; Emscripten's lengthBytesUTF8 + stringToUTF8 are two JavaScript
    // loops per character, tens of milliseconds on the 9 MB text of a 10,000-deal board.
    callWithString: function (fn, text, extra) {
      if (!KarizDB.encoder) KarizDB.encoder = new TextEncoder();
      var bytes = KarizDB.encoder.encode(text);
      var p = _malloc(bytes.length + 1);
      HEAPU8.set(bytes, p);  // HEAPU8 read after malloc: a memory growth replaces it
      HEAPU8[p + bytes.length] = 0;
      fn(p, extra);
      _free(p);
    },
    encoder: null,
    // Timing marks for tests/bench (performance.getEntriesByName): where loading spends its time.
    mark: function (name) { if (typeof performance !== 'undefined' && performance.mark) performance.mark(name); },  // made on first use: the library object is written out as source text
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
      var parts = [];
      for (var c = 0; c < stored.chunks.length; c++) {
        var chunk = stored.chunks[c], ids = stored.chunkIds[c], hit = false;
        if (edits.size) for (var k = 0; k < ids.length && !hit; k++) hit = edits.has(ids[k]);
        if (!hit) {
          if (chunk.text) parts.push(chunk.text);
          continue;
        }
        for (var d = 0; d < ids.length; d++) if (!edits.has(ids[d])) parts.push(KarizDB.chunkDeal(chunk, d));
      }
      edits.forEach(function (text) { if (text) parts.push(text); });
      KarizDB.journalCount = edits.size;
      var text = stored.head + parts.join(',') + ']}';
      KarizDB.mark('kariz-stored-joined');
      KarizDB.callWithString(_kariz_storage_loaded, text, 0);
      KarizDB.mark('kariz-stored-loaded');
      if (KarizDB.journalCount >= KarizDB.compactAfter) KarizDB.compact();
    }, function (e) {
      if (e && e.reading) KarizDB.callWithString(_kariz_storage_failed, 'reading: ' + KarizDB.errorText(e.error), 0);
      else KarizDB.callWithString(_kariz_storage_failed, KarizDB.errorText(e), 0);
    });
  },

  // head: the new head record or empty; puts: "id\njson\nid\njson..." ; deletes: "id\nid"; clear: replace everything.
  // A full save (clearAll) writes fresh chunks; any other save only adds journal entries.
  kariz_idb_save__deps: ['$KarizDB', 'malloc', 'free'],
  kariz_idb_save: function (headPtr, putsPtr, deletesPtr, clearAll) {
    var head = UTF8ToString(headPtr), puts = UTF8ToString(putsPtr), deletes = UTF8ToString(deletesPtr);
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
        var parts = puts ? puts.split('\n') : [];
        if (clearAll) {
          tx.objectStore('chunks').clear();
          tx.objectStore('chunk_ids').clear();
          journal.clear();
          var ids = [], texts = [];
          for (var i = 0; i + 1 < parts.length; i += 2) { ids.push(parts[i]); texts.push(parts[i + 1]); }
          KarizDB.putChunks(tx, ids, texts, 0);
        } else {
          for (var j = 0; j + 1 < parts.length; j += 2, journaled++) journal.put(parts[j + 1], parts[j]);
        }
        // A deleted deal may still be in a chunk: '' in the journal hides it until compaction.
        if (deletes) deletes.split('\n').forEach(function (id) { journal.put('', id); journaled++; });
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
