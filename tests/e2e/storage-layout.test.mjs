// IndexedDB layout (web/page/kariz-db.js): a board stored by an older Kariz (version 1: one record per
// deal; version 2: chunks and journal as strings; both JSON) is upgraded on open with no deal lost
// and stored again as deal records (core/deal_record.h); edits go to
// a small journal that wins over the chunks; compaction folds a large journal into the chunks, and a
// reload shows the same board.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, click, drag, frames, rect, state, ui, waitSaved, shot, justifyIfAsked } from './harness.mjs';
import { makeWorkspace } from './workspace-gen.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

const newContext = () => env.browser.newContext({ viewport: { width: 1280, height: 760 } });

// The database as Kariz wrote it before chunks: version 1, "meta" head + "deals" one record per deal.
async function writeOldLayout(page, ws) {
  const deals = ws.deals.map((d) => [d.id, JSON.stringify(d)]);
  const { deals: ignored, ...rest } = ws;
  const head = JSON.stringify({ ...rest, deals: [] }).replace(/\]\}$/, '');  // "deals" last, as Kariz writes it
  await page.evaluate(([head, deals]) => new Promise((resolve, reject) => {
    const req = indexedDB.open('kariz', 1);
    req.onupgradeneeded = () => { req.result.createObjectStore('meta'); req.result.createObjectStore('deals'); };
    req.onsuccess = () => {
      const db = req.result, tx = db.transaction(['meta', 'deals'], 'readwrite');
      tx.objectStore('meta').put(head, 'head');
      for (const [id, text] of deals) tx.objectStore('deals').put(text, id);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  }), [head, deals]);
}

// The database as Kariz wrote it in version 2: chunks of deals' JSON strings joined with commas
// (`ends`: string indices), and journal entries as strings ('' for a deleted deal).
async function writeVersion2Layout(page, ws, journal) {
  const { deals: ignored, ...rest } = ws;
  const head = JSON.stringify({ ...rest, deals: [] }).replace(/\]\}$/, '');
  const chunks = [];
  for (let i = 0; i < ws.deals.length; i += 1000) {
    const texts = ws.deals.slice(i, i + 1000).map((d) => JSON.stringify(d));
    let at = 0;
    const ends = texts.map((t, k) => (at += (k ? 1 : 0) + t.length));
    chunks.push({ record: { ends, text: texts.join(',') }, ids: ws.deals.slice(i, i + 1000).map((d) => d.id) });
  }
  await page.evaluate(([head, chunks, journal]) => new Promise((resolve, reject) => {
    const req = indexedDB.open('kariz', 2);
    req.onupgradeneeded = () => { for (const n of ['meta', 'chunks', 'chunk_ids', 'journal']) req.result.createObjectStore(n); };
    req.onsuccess = () => {
      const db = req.result, tx = db.transaction(['meta', 'chunks', 'chunk_ids', 'journal'], 'readwrite');
      tx.objectStore('meta').put(head, 'head');
      chunks.forEach((c, k) => { tx.objectStore('chunks').put(c.record, k); tx.objectStore('chunk_ids').put(c.ids, k); });
      for (const [id, text] of journal) tx.objectStore('journal').put(text, id);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  }), [head, chunks, journal]);
}

// What is in the database now: version, stores, and the record counts of the new layout.
function inspect(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('kariz');
    req.onsuccess = () => {
      const db = req.result, names = [...db.objectStoreNames];
      const out = { version: db.version, stores: names };
      if (!names.includes('chunks')) { db.close(); resolve(out); return; }
      const tx = db.transaction(['chunks', 'chunk_ids', 'journal'], 'readonly');
      const c = tx.objectStore('chunks').count(), ids = tx.objectStore('chunk_ids').getAll(), j = tx.objectStore('journal').getAllKeys();
      tx.oncomplete = () => {
        Object.assign(out, { chunks: c.result, chunkDeals: ids.result.reduce((a, x) => a + x.length, 0), journal: j.result });
        db.close();
        resolve(out);
      };
    };
    req.onerror = () => reject(req.error);
  }));
}

// The first byte of every stored deal: 0 for a deal record (core/deal_record.h), 123 ("{") for
// the JSON that earlier versions stored; and the journal's entries' lengths (0: a deletion).
function storedKinds(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('kariz');
    req.onsuccess = () => {
      const tx = req.result.transaction(['chunks', 'journal']);
      const c = tx.objectStore('chunks').getAll(), j = tx.objectStore('journal').getAll();
      tx.oncomplete = () => {
        req.result.close();
        const first = new Set();
        for (const x of c.result) {
          if (!(x.bytes instanceof Uint8Array) || !(x.ends instanceof Uint32Array)) { first.add('not bytes'); continue; }
          for (let i = 0; i < x.ends.length; i++) first.add(x.bytes[i ? x.ends[i - 1] + 1 : 0]);
        }
        for (const x of j.result) if (x instanceof Uint8Array && x.length) first.add(x[0]); else if (!(x instanceof Uint8Array)) first.add(typeof x);
        resolve({ first: [...first], journal: j.result.map((x) => (x instanceof Uint8Array ? x.length : typeof x)) });
      };
    };
  }));
}

async function reload(page) {
  await page.reload();
  await page.waitForFunction(() => window.kariz && window.kariz.ready(), null, { timeout: 60000 });
  await frames(page, 3);
}

const byId = (s) => new Map(s.deals.map((d) => [d.id, d]));

// A fresh browser profile whose database holds `ws` in an old layout, then the app opened on it.
async function openOnOldLayout(ctx, ws, write = writeOldLayout) {
  const page = await ctx.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(env.url + 'kariz.css');  // same origin, before the app has opened the database
  await write(page, ws);
  const before = await inspect(page);
  assert.ok(before.version < 3, `an old layout (version ${before.version})`);
  page.errors.length = 0;  // the stylesheet page's missing favicon is not the app's error
  await page.goto(env.url);
  await page.waitForFunction(() => window.kariz && window.kariz.ready(), null, { timeout: 60000 });
  await frames(page, 3);
  return page;
}

test('a board stored one record per deal is upgraded on open: every deal survives, an edit lands in the journal', async () => {
  const ctx = await newContext();
  const ws = makeWorkspace(2500);
  const page = await openOnOldLayout(ctx, ws);
  let s = await state(page);
  assert.equal((await ui(page)).storage_error, '');
  assert.equal(s.deals.length, 2500, 'no deal lost');
  const stored = byId(s);
  for (const d of ws.deals) {
    const got = stored.get(d.id);
    assert.ok(got, `deal ${d.id} survived`);
    assert.equal(got.title, d.title);
    assert.equal(got.value, d.value);
    assert.equal(got.stage_id, d.stage_id);
  }
  // The deals came as JSON: the app stores the board again at once, as deal records.
  await waitSaved(page);
  let db = await inspect(page);
  assert.equal(db.version, 3);
  assert.ok(!db.stores.includes('deals'), 'the old store is gone');
  assert.equal(db.chunks, 3, '2,500 deals in chunks of 1,000');
  assert.equal(db.chunkDeals, 2500);
  assert.deepEqual(db.journal, []);
  assert.deepEqual((await storedKinds(page)).first, [0], 'every deal stored as a deal record');
  await shot(page, 'storage-upgraded');

  // One edit with the mouse: written to the journal only, a few hundred bytes.
  const current = (await ui(page)).pipeline_id;
  const p = s.pipelines.find((x) => x.id === current);
  let deal = null;
  for (const d of s.deals) {
    if (d.pipeline_id !== p.id || d.status !== 'open') continue;
    if (await page.evaluate((n) => window.kariz.rect(n), `card:${d.id}`)) { deal = d; break; }
  }
  assert.ok(deal, 'a card is on screen');
  const target = p.stages.find((st) => st.id !== deal.stage_id && st.name !== 'Unsorted');
  await drag(page, `card:${deal.id}`, `column:${target.id}`);
  await justifyIfAsked(page);
  await waitSaved(page);
  assert.equal(byId(await state(page)).get(deal.id).stage_id, target.id);
  const bytes = await page.evaluate(() => window.kariz.lastSaveBytes());
  assert.ok(bytes < 4096, `one edit wrote ${bytes} bytes`);
  db = await inspect(page);
  assert.deepEqual(db.journal, [deal.id]);
  assert.equal(db.chunkDeals, 2500, 'the chunks are untouched by an edit');
  assert.deepEqual((await storedKinds(page)).first, [0], 'the edit is a deal record too');

  await reload(page);
  s = await state(page);
  assert.equal(s.deals.length, 2500);
  assert.equal(byId(s).get(deal.id).stage_id, target.id, 'the journal wins over the chunk');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a large journal (edits, a new deal, a deletion from another tab) is folded into the chunks with nothing lost', async () => {
  const ctx = await newContext();
  const ws = makeWorkspace(1500);
  const page = await openOnOldLayout(ctx, ws);
  assert.equal((await state(page)).deals.length, 1500);
  await waitSaved(page);  // stored again as deal records (the old layout held JSON)

  // 600 journal entries as another tab would leave them: renamed deals, one new, one deleted.
  const renamed = ws.deals.slice(0, 598).map((d) => ({ ...d, title: 'Renamed ' + d.id.slice(-4) }));
  const added = { ...ws.deals[0], id: '00000000-0000-4000-8000-aaaaaaaaaaaa', title: 'Added in another tab' };
  const removed = ws.deals[1499].id;
  await page.evaluate(([entries, removed]) => new Promise((resolve, reject) => {
    const req = indexedDB.open('kariz');
    req.onsuccess = () => {
      // The journal holds deal records, an empty entry for a deletion. Made before the
      // transaction: it must not wait on anything else.
      const records = entries.map(([id, text]) => [id, window.kariz.storedRecord(text)]);
      const db = req.result, tx = db.transaction(['journal'], 'readwrite');
      for (const [id, record] of records) tx.objectStore('journal').put(record, id);
      tx.objectStore('journal').put(new Uint8Array(0), removed);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), [[...renamed, added].map((d) => [d.id, JSON.stringify(d)]), removed]);

  // The reload reads chunks + journal, then compacts (the journal is over 500 entries).
  await reload(page);
  const expect = (s) => {
    const m = byId(s);
    assert.equal(s.deals.length, 1500, '1,500 - 1 deleted + 1 added');
    assert.equal(m.get(ws.deals[0].id).title, renamed[0].title);
    assert.equal(m.get(ws.deals[597].id).title, renamed[597].title);
    assert.equal(m.get(ws.deals[598].id).title, ws.deals[598].title);
    assert.equal(m.get(added.id).title, 'Added in another tab');
    assert.ok(!m.has(removed), 'the deleted deal stays deleted');
  };
  expect(await state(page));
  await page.waitForFunction(() => new Promise((resolve) => {
    const req = indexedDB.open('kariz');
    req.onsuccess = () => {
      const c = req.result.transaction('journal').objectStore('journal').count();
      c.onsuccess = () => { req.result.close(); resolve(c.result === 0); };
    };
  }), null, { timeout: 30000, polling: 200 });
  const db = await inspect(page);
  assert.equal(db.chunkDeals, 1500);
  assert.equal(db.chunks, 3, 'two rewritten chunks and one new chunk for the added deal');
  assert.deepEqual((await storedKinds(page)).first, [0]);

  await reload(page);
  expect(await state(page));
  await shot(page, 'storage-compacted');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a board stored as strings (version 2) is upgraded on open and stored again as deal records: chunks and journal, nothing lost', async () => {
  const ctx = await newContext();
  const ws = makeWorkspace(2200);
  // Persian and Arabic text in a chunk and in the journal: string indices and byte offsets differ.
  ws.deals[5].title = 'قرارداد پشتیبانی ۱۴۰۵ — شرکت پارس';
  const edited = { ...ws.deals[1001], title: 'عقد الصيانة ٢٠٢٦ (edited in v2)' };
  const deleted = ws.deals[2].id;
  const page = await openOnOldLayout(ctx, ws, (pg, w) => writeVersion2Layout(pg, w, [[edited.id, JSON.stringify(edited)], [deleted, '']]));
  const s = await state(page);
  assert.equal((await ui(page)).storage_error, '');
  assert.equal(s.deals.length, 2199, 'every deal but the one deleted in the journal');
  const m = byId(s);
  for (const d of ws.deals) {
    if (d.id === deleted) { assert.ok(!m.has(d.id), 'the deletion in the journal still holds'); continue; }
    assert.equal(m.get(d.id)?.title, d.id === edited.id ? edited.title : d.title, `deal ${d.id}`);
  }
  // The upgrade turned the strings into bytes (read above: the JSON the app still reads); the app
  // then stored the board again as deal records, the journal's edit and deletion folded in.
  await waitSaved(page);
  const db = await inspect(page);
  assert.equal(db.version, 3);
  assert.equal(db.chunks, 3);
  assert.equal(db.chunkDeals, 2199);
  assert.deepEqual(await storedKinds(page), { first: [0], journal: [] }, 'chunks hold deal records, the journal is empty');

  await reload(page);
  const again = await state(page);
  assert.equal(again.deals.length, 2199);
  assert.equal(byId(again).get(ws.deals[5].id).title, ws.deals[5].title);
  assert.equal(byId(again).get(edited.id).title, edited.title);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

// Chunk records of the database, changed in place from the page (same origin, the app's own
// database): 'drop 1' deletes chunk 1; 'break out' appends to chunk 0's last deal a text that closes
// the deals list and adds members of its own.
function editChunks(page, how) {
  return page.evaluate((how) => new Promise((resolve, reject) => {
    const req = indexedDB.open('kariz');
    req.onsuccess = () => {
      const tx = req.result.transaction(['chunks', 'chunk_ids'], 'readwrite');
      const chunks = tx.objectStore('chunks');
      if (how === 'drop 1') {
        chunks.delete(1);
        tx.objectStore('chunk_ids').delete(1);
      } else {
        const get = chunks.get(0);
        get.onsuccess = () => {
          const r = get.result, extra = new TextEncoder().encode(']},"format":"evil","deals":[');
          const bytes = new Uint8Array(r.bytes.length + extra.length);
          bytes.set(r.bytes);
          bytes.set(extra, r.bytes.length);
          const ends = Uint32Array.from(r.ends);
          ends[ends.length - 1] = bytes.length;
          chunks.put({ ends, bytes }, 0);
        };
      }
      tx.oncomplete = () => { req.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  }), how);
}

test('loading hands the chunks to the app one by one: a missing chunk number loses nothing else; a chunk that breaks out of the deals list is refused and left as it was', async () => {
  const ctx = await newContext();
  const ws = makeWorkspace(3500);
  const page = await openOnOldLayout(ctx, ws);
  assert.equal((await state(page)).deals.length, 3500);
  await waitSaved(page);  // stored again as deal records before the chunks are changed below

  // Chunk 1 gone (as when compaction empties a chunk): its number is a gap in the keys.
  const lost = new Set(ws.deals.slice(1000, 2000).map((d) => d.id));
  await editChunks(page, 'drop 1');
  await reload(page);
  const s = await state(page);
  assert.equal((await ui(page)).storage_error, '');
  assert.deepEqual(new Set(s.deals.map((d) => d.id)), new Set(ws.deals.filter((d) => !lost.has(d.id)).map((d) => d.id)),
    'every deal of the other chunks, and only those');

  // A chunk whose last deal has text appended that would close the deals list and add a member of
  // its own, were it JSON: refused (a deal record must end where its fields end), not obeyed.
  await editChunks(page, 'break out');
  await reload(page);
  const u = await ui(page);
  assert.match(u.storage_error, /could not be read/);
  assert.match(u.storage_error, /left untouched/);
  assert.equal((await state(page)).deals.length, 0, 'nothing half-read is shown as the board');
  assert.ok(await rect(page, 'welcome:storage-error'), 'the welcome says the stored board could not be read');
  await shot(page, 'storage-unreadable-chunk');
  const db = await inspect(page);
  assert.equal(db.chunks, 3, 'the stored chunks are left as they were');
  assert.equal(db.chunkDeals, 2500);
  assert.deepEqual(db.journal, [], 'nothing was saved over them');
  await ctx.close();
});

test('an import of many deals goes straight into the chunks, not through the journal, and reads back', async () => {
  const ctx = await newContext();
  const page = await openApp(ctx, env.url);
  const ws = makeWorkspace(1200);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'button:import')]);
  await chooser.setFiles({ name: 'board.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(ws)) });
  await page.waitForFunction(() => { const u = window.kariz.ui(); return u.import_error !== '' || u.import_pending; }, null, { timeout: 60000 });
  await frames(page, 2);
  await click(page, 'button:import-confirm');
  await waitSaved(page);
  const imported = await state(page), count = imported.deals.length;
  assert.ok(count >= 1200, `${count} deals after the import`);
  const db = await inspect(page);
  assert.deepEqual(db.journal, [], 'nothing left in the journal');
  assert.equal(db.chunkDeals, count, 'every deal in a chunk');
  assert.deepEqual((await storedKinds(page)).first, [0]);
  await reload(page);
  const again = await state(page);
  assert.equal(again.deals.length, count);
  assert.deepEqual(new Set(again.deals.map((d) => d.id)), new Set(imported.deals.map((d) => d.id)));
  for (const d of ws.deals.slice(0, 50)) assert.equal(byId(again).get(d.id)?.title, d.title);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
