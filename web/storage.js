// The app's side of IndexedDB, as an Emscripten JS library (linked with --js-library): hands the
// stored board to the app as web/page/kariz-db.js reads it, and writes the app's saves. The
// database itself (layout, upgrades, reading, compaction) is KarizDB in web/page/kariz-db.js, a
// page script that runs before kariz.js; this file is the only one that touches wasm memory.
// Emscripten's own emscripten_idb_* calls cannot list keys or batch writes in one transaction,
// which a 100,000-deal load and an atomic save need; hence KarizDB.
mergeInto(LibraryManager.library, {
  // Runs when kariz.js is evaluated: the stored board is asked for now, so IndexedDB reads it while
  // kariz.wasm and the data file are fetched and compiled; main() (kariz_idb_load) then takes what
  // arrived. Asked for earlier still (from web/page/kariz-db.js, before kariz.js), the 10 MB of a
  // 10,000-deal board held up fetching kariz.data by ~70 ms: IndexedDB and the service worker's
  // cache share the browser's storage (issue 7). The mark tells tests/bench when the runtime was
  // ready (wasm instantiated, data file in place), to split the load time into getting the app and
  // the app's own start.
  $KarizBridge__postset: 'KarizDB.reading = KarizDB.read(); addOnInit(function () { KarizDB.mark("kariz-runtime-ready"); });',
  $KarizBridge: {
    // Feeds a reading of the stored board (KarizDB.read) to one of the app's readers, `to`:
    // {atlas (optional), nothing, begin, add, end, failed}. A piece the reader refuses (begin or add
    // returning 0) ends it.
    feed: function (reading, to) {
      var stopped = false;
      reading.listen(function (piece) {
        if (stopped) return;
        if (piece.kind === 'atlas') {
          if (to.atlas) to.atlas(piece.bytes);
        } else if (piece.kind === 'nothing') {
          to.nothing();
        } else if (piece.kind === 'head') {
          stopped = !KarizBridge.callWithString(to.begin, piece.head, piece.expectedDeals);
        } else if (piece.kind === 'deals') {
          stopped = !KarizBridge.addDeals(to.add, piece.parts, piece.ends);
        } else if (piece.kind === 'end') {
          to.end(piece);
        } else {
          KarizBridge.callWithString(to.failed, piece.message, 0);
        }
      });
    },
    // Hands a string (a message, the head) to C: malloc'd UTF-8, not ccall's stack. Returns fn's result.
    callWithString: function (fn, text, extra) {
      var bytes = KarizDB.utf8(text);
      var p = _malloc(bytes.length + 1);
      HEAPU8.set(bytes, p);  // HEAPU8 read after malloc: a memory growth replaces it
      HEAPU8[p + bytes.length] = 0;
      var result = fn(p, extra);
      _free(p);
      return result;
    },
    // Stored deal records to one of the app's readers (`add`: _kariz_storage_add or
    // _kariz_tabs_board_add): the parts joined with a separator byte into wasm
    // memory, with where each record ends. partEnds[k]: a chunk's own ends when part k is a whole
    // chunk, null when it is one record. The separator is a comma because records written before
    // deal records existed are JSON, and a run of them is read as one comma-joined batch.
    addDeals: function (add, parts, partEnds) {
      var size = 0, count = 0;
      for (var i = 0; i < parts.length; i++) {
        size += (i ? 1 : 0) + parts[i].length;
        count += partEnds[i] ? partEnds[i].length : 1;
      }
      var p = _malloc(size + 1), e = _malloc(4 * count + 4);
      var heap = HEAPU8, ends = HEAPU32, at = p, n = e >> 2;  // read after malloc: a memory growth replaces them
      for (var k = 0; k < parts.length; k++) {
        if (k) heap[at++] = 44;  // ','
        heap.set(parts[k], at);
        var offset = at - p, own = partEnds[k];
        if (own) for (var j = 0; j < own.length; j++) ends[n++] = offset + own[j];
        else ends[n++] = offset + parts[k].length;
        at += parts[k].length;
      }
      var ok = add(p, size, e, count);
      _free(e);
      _free(p);
      return ok;
    },
  },

  // Takes the read started when kariz.js ran (or starts one) and feeds the app piece by piece:
  // what already arrived at once, the rest as it arrives. A piece the app refuses ends
  // it (the app then shows why and never overwrites the stored board).
  kariz_idb_load__deps: ['$KarizBridge', 'malloc', 'free'],
  kariz_idb_load: function () {
    var reading = KarizDB.reading || KarizDB.read();
    KarizDB.reading = null;
    KarizBridge.feed(reading, {
      atlas: function (atlas) {
        // The interface font's kept atlas, or null: web/fonts.cpp restores it or builds the fonts.
        var p = atlas ? _malloc(atlas.length) : 0;
        if (p) HEAPU8.set(atlas, p);
        _kariz_fonts_stored(p, p ? atlas.length : 0);
        if (p) _free(p);
      },
      nothing: _kariz_storage_nothing_stored,
      begin: _kariz_storage_begin,
      add: _kariz_storage_add,
      end: function (piece) {
        if (!_kariz_storage_end()) return;  // unreadable: nothing touches what is stored, compaction neither
        KarizDB.journalCount = piece.journalCount;
        if (KarizDB.journalCount >= KarizDB.compactAfter) KarizDB.compact();
      },
      failed: _kariz_storage_failed,
    });
  },

  // Another tab stored a whole new board (web/tabsync.cpp): read it from IndexedDB, as a load does,
  // rather than have that tab send every deal's JSON through the channel.
  kariz_idb_reread__deps: ['$KarizBridge', 'malloc', 'free'],
  kariz_idb_reread: function () {
    KarizBridge.feed(KarizDB.read(true), {
      nothing: function () { KarizBridge.callWithString(_kariz_tabs_board_failed, 'nothing is stored', 0); },
      begin: _kariz_tabs_board_begin,
      add: _kariz_tabs_board_add,
      end: function () { _kariz_tabs_board_end(); },
      failed: _kariz_tabs_board_failed,
    });
  },

  // head: the new head record or empty; puts: putsLength bytes of deals, each its id, a newline,
  // its record's length in four bytes (little-endian) and the record (web/storage.cpp append_put);
  // deletes: "id\nid"; clear: replace everything. A full save (clearAll) writes fresh chunks; any
  // other save only adds journal entries.
  kariz_idb_save__deps: ['$KarizBridge', 'malloc', 'free'],
  kariz_idb_save: function (headPtr, putsPtr, putsLength, deletesPtr, clearAll) {
    var head = UTF8ToString(headPtr), deletes = UTF8ToString(deletesPtr);
    // The deals' bytes are copied out of wasm memory now: the transaction runs after this returns.
    var puts = HEAPU8.subarray(putsPtr, putsPtr + putsLength), ids = [], deals = [];
    for (var at = 0; at < puts.length;) {
      var idEnd = puts.indexOf(10, at);
      if (idEnd < 0 || idEnd + 5 > puts.length) break;
      var length = (puts[idEnd + 1] | puts[idEnd + 2] << 8 | puts[idEnd + 3] << 16 | puts[idEnd + 4] << 24) >>> 0;
      ids.push(UTF8ToString(putsPtr + at, idEnd - at));
      deals.push(puts.slice(idEnd + 5, idEnd + 5 + length));
      at = idEnd + 5 + length;
    }
    var reported = false;
    function fail(e) {
      if (reported) return;
      reported = true;
      KarizBridge.callWithString(_kariz_storage_saved_error, KarizDB.errorText(e), 0);
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
        var deleted = deletes ? deletes.split('\n') : [];
        if (clearAll) {
          tx.objectStore('chunks').clear();
          tx.objectStore('chunk_ids').clear();
          journal.clear();
          KarizDB.putChunks(tx, ids, deals, 0);
        } else if (ids.length + deleted.length >= KarizDB.compactAfter) {
          // A save that alone would fill the journal (an import touches every deal) goes straight
          // into the chunks, in this same transaction. Left in the journal, the next load would
          // read one record per deal (issue 7: 10,000 journal records took most of a 10k board's
          // load); put there and folded in at once, 10,000 journal puts and deletes held the page
          // for ~0.4 s.
          var edits = new Map();
          for (var j = 0; j < ids.length; j++) edits.set(ids[j], deals[j]);
          deleted.forEach(function (id) { edits.set(id, new Uint8Array(0)); });
          folded = true;
          KarizDB.compactIn(tx, edits);
        } else {
          for (var k = 0; k < ids.length; k++, journaled++) journal.put(deals[k], ids[k]);
          // A deleted deal may still be in a chunk: an empty entry in the journal hides it until compaction.
          deleted.forEach(function (id) { journal.put(new Uint8Array(0), id); journaled++; });
        }
      } catch (e) {
        // A request that throws (quota, a closed database) aborts the whole save: all or nothing.
        fail(e);
        try { tx.abort(); } catch (ignored) {}
      }
    }, fail);
  },
});
