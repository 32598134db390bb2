// IndexedDB for Kariz, as an Emscripten JS library (linked with --js-library).
// Database "kariz", schema version 1:
//   store "meta":  key "head"  -> snapshot text up to `"deals":[` (format, version, settings, users, pipelines)
//   store "deals": key deal id -> one deal's JSON object text
// Loading joins them back into one snapshot text that core/snapshot.cpp validates like any file.
// Saving writes only what changed: one edited deal is one small put in one transaction.
// Emscripten's own emscripten_idb_* calls cannot list keys or batch writes in one transaction,
// which a 100,000-deal load and an atomic save need; hence this small library.
mergeInto(LibraryManager.library, {
  $KarizDB: {
    name: 'kariz',
    version: 1,
    db: null,
    open: function () {
      return new Promise(function (resolve, reject) {
        if (KarizDB.db) { resolve(KarizDB.db); return; }
        if (typeof indexedDB === 'undefined') { reject(new Error('IndexedDB is not available in this browser')); return; }
        var req = indexedDB.open(KarizDB.name, KarizDB.version);
        req.onupgradeneeded = function () {
          var db = req.result;
          if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
          if (!db.objectStoreNames.contains('deals')) db.createObjectStore('deals');
        };
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
    // Hands a (possibly large) string to C without the stack: ccall would put it on the stack.
    callWithString: function (fn, text, extra) {
      var n = lengthBytesUTF8(text) + 1;
      var p = _malloc(n);
      stringToUTF8(text, p, n);
      fn(p, extra);
      _free(p);
    },
    errorText: function (e) {
      if (!e) return 'unknown error';
      if (e.name === 'QuotaExceededError') return 'the browser storage is full (quota exceeded)';
      return (e.name ? e.name + ': ' : '') + (e.message || String(e));
    },
  },

  kariz_idb_load__deps: ['$KarizDB', 'malloc', 'free'],
  kariz_idb_load: function () {
    KarizDB.open().then(function (db) {
      var tx = db.transaction(['meta', 'deals'], 'readonly');
      var head = tx.objectStore('meta').get('head');
      var deals = tx.objectStore('deals').getAll();
      tx.oncomplete = function () {
        if (head.result === undefined) { _kariz_storage_loaded(0, 0); return; }
        var text = head.result + deals.result.join(',') + ']}';
        KarizDB.callWithString(_kariz_storage_loaded, text, 0);
      };
      tx.onerror = function () { KarizDB.callWithString(_kariz_storage_failed, 'reading: ' + KarizDB.errorText(tx.error), 0); };
    }, function (e) {
      KarizDB.callWithString(_kariz_storage_failed, KarizDB.errorText(e), 0);
    });
  },

  // head: the new head record or empty; puts: "id\njson\nid\njson..." ; deletes: "id\nid"; clear: replace everything.
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
      var tx = db.transaction(['meta', 'deals'], 'readwrite');
      tx.oncomplete = function () { if (!reported) _kariz_storage_saved(); };
      tx.onabort = tx.onerror = function (ev) {
        if (ev && ev.preventDefault) ev.preventDefault();
        fail(tx.error);
      };
      try {
        var meta = tx.objectStore('meta'), store = tx.objectStore('deals');
        if (clearAll) store.clear();
        if (head) meta.put(head, 'head');
        if (puts) {
          var parts = puts.split('\n');
          for (var i = 0; i + 1 < parts.length; i += 2) store.put(parts[i + 1], parts[i]);
        }
        if (deletes) deletes.split('\n').forEach(function (id) { store.delete(id); });
      } catch (e) {
        // A request that throws (quota, a closed database) aborts the whole save: all or nothing.
        fail(e);
        try { tx.abort(); } catch (ignored) {}
      }
    }, fail);
  },
});
