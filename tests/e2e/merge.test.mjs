// Sharing snapshots between two browser profiles: export in A, import (merge) into B, a change to
// the same deal on both sides shows as a conflict, resolved by clicking "Take theirs"; importing the
// same file again changes nothing. Every exported file is checked against the published JSON Schema
// by an independent validator (ajv), as is assets/sample.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { launch, openApp, click as clickOn, drag, frames, rect, state, ui, shot, shotsDir, justifyIfAsked, root } from './harness.mjs';

// Two profiles, two pages: the one acted on is brought to the front first, since a page in the
// background gets its animation frames throttled (each click waits for frames).
async function click(page, name) {
  await page.bringToFront();
  return clickOn(page, name);
}

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });
const newContext = () => env.browser.newContext({ viewport: { width: 1300, height: 800 }, acceptDownloads: true });

const schema = JSON.parse(fs.readFileSync(path.join(root, 'assets/snapshot.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
function assertValid(doc, what) {
  const ok = validate(doc);
  assert.ok(ok, `${what} does not match assets/snapshot.schema.json: ${JSON.stringify(validate.errors, null, 1)}`);
}

async function exportFile(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'button:export')]);
  const file = path.join(shotsDir, name);
  await download.saveAs(file);
  return fs.readFileSync(file, 'utf8');
}

async function importFile(page, name, content) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'button:import')]);
  await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
  await page.waitForFunction(() => { const u = window.kariz.ui(); return u.import_error !== '' || u.merge_summary !== ''; });
  await frames(page, 3);
  return ui(page);
}

// Moves a deal to the stage `offset` columns right of where it is, by dragging its card.
async function moveRight(page, deal, offset) {
  await page.bringToFront();
  const s = await state(page);
  const p = s.pipelines.find((x) => x.id === deal.pipeline_id);
  const k = p.stages.findIndex((x) => x.id === deal.stage_id);
  const target = p.stages[Math.min(k + offset, p.stages.length - 1)].id;
  await drag(page, `card:${deal.id}`, `column:${target}`);
  await justifyIfAsked(page);
  if (await page.evaluate(() => !!window.kariz.rect('followup:skip'))) await click(page, 'followup:skip');
  await frames(page, 2);
  return target;
}

test('the published schema accepts the sample file and refuses a broken one', () => {
  const sample = JSON.parse(fs.readFileSync(path.join(root, 'assets/sample.json'), 'utf8'));
  assertValid(sample, 'assets/sample.json');
  const broken = structuredClone(sample);
  broken.deals[0].value = 12.5;
  assert.equal(validate(broken), false);
  const newer = structuredClone(sample);
  newer.version = 3;
  assert.equal(validate(newer), false);
});

test('export in one profile, merge into another, resolve a conflict, re-import changes nothing', async () => {
  const ctxA = await newContext();
  const ctxB = await newContext();
  const a = await openApp(ctxA, env.url);
  const b = await openApp(ctxB, env.url);
  const devA = (await ui(a)).device, devB = (await ui(b)).device;
  assert.match(devA, /^[0-9a-f]{8}$/);
  assert.notEqual(devA, devB, 'each profile is its own device');

  // A: the sample board, exported whole.
  await click(a, 'button:load-sample');
  const first = await exportFile(a, 'merge-a-first.json');
  const firstDoc = JSON.parse(first);
  assertValid(firstDoc, 'A\'s first export');
  assert.equal(firstDoc.version, 2);
  assert.equal(firstDoc.exporter.device, devA);
  assert.equal(firstDoc.scope.kind, 'workspace');

  // B: a fresh profile imports it; everything is new.
  let u = await importFile(b, 'merge-a-first.json', first);
  assert.equal(u.import_error, '');
  assert.equal(u.merge_summary, `${firstDoc.deals.length} new, 0 updated, 0 conflicts, 0 deleted; ${firstDoc.pipelines.length + firstDoc.users.length} pipelines, users or settings`);
  assert.equal((await state(b)).deals.length, 0, 'nothing changes before Apply');
  await click(b, 'button:import-confirm');
  assert.equal((await state(b)).deals.length, firstDoc.deals.length);

  // Both move the same open deal, to different stages.
  const sA = await state(a);
  const shownPipeline = (await ui(a)).pipeline_id;
  const deal = sA.deals.find((d) => d.status === 'open' && d.pipeline_id === shownPipeline &&
    sA.pipelines.find((p) => p.id === d.pipeline_id).stages.findIndex((x) => x.id === d.stage_id) === 1);
  assert.ok(deal, 'an open deal in the first stage after Unsorted');
  const stageA = await moveRight(a, deal, 2);
  const stageB = await moveRight(b, (await state(b)).deals.find((d) => d.id === deal.id), 1);
  assert.notEqual(stageA, stageB);
  assert.equal((await state(a)).deals.find((d) => d.id === deal.id).stage_id, stageA);
  assert.equal((await state(b)).deals.find((d) => d.id === deal.id).stage_id, stageB);

  // A exports again; B imports: one conflict, listed with both values.
  const second = await exportFile(a, 'merge-a-second.json');
  const secondDoc = JSON.parse(second);
  assertValid(secondDoc, 'A\'s second export');
  const moved = secondDoc.deals.find((d) => d.id === deal.id);
  assert.equal(moved.rev.device, devA);
  assert.ok(moved.stamps.stage, 'the move stamped the stage field');
  u = await importFile(b, 'merge-a-second.json', second);
  assert.equal(u.merge_summary, '0 new, 0 updated, 1 conflict, 0 deleted');
  await rect(b, `merge-item:${deal.id}`);
  await rect(b, `radio:keep-mine:${deal.id}/stage`);
  await shot(b, 'merge-preview-conflict');
  // Choose theirs by a real click, then apply.
  await click(b, `radio:take-theirs:${deal.id}/stage`);
  await shot(b, 'merge-preview-take-theirs');
  await click(b, 'button:import-confirm');
  let sB = await state(b);
  let merged = sB.deals.find((d) => d.id === deal.id);
  assert.equal(merged.stage_id, stageA, 'theirs was taken');
  // Nothing lost: B's own stay in its stage is still in the history, now closed.
  assert.ok(merged.history.some((h) => h.stage_id === stageB && h.left !== null), 'B\'s stay kept in the history');
  assert.ok(merged.history.some((h) => h.stage_id === stageA && h.left === null));
  assert.equal(sB.deals.length, firstDoc.deals.length);
  await shot(b, 'merge-applied');

  // One undoable step.
  await click(b, 'button:undo');
  assert.equal((await state(b)).deals.find((d) => d.id === deal.id).stage_id, stageB);
  await click(b, 'button:redo');
  assert.equal((await state(b)).deals.find((d) => d.id === deal.id).stage_id, stageA);

  // The same file again: the preview says nothing changes, and nothing does.
  const beforeAgain = await state(b);
  u = await importFile(b, 'merge-a-second.json', second);
  assert.equal(u.merge_summary, '0 new, 0 updated, 0 conflicts, 0 deleted');
  await shot(b, 'merge-preview-nothing');
  await click(b, 'button:import-confirm');
  const afterAgain = await state(b);
  delete beforeAgain.exported_at; delete afterAgain.exported_at;
  assert.deepEqual(afterAgain, beforeAgain);

  // B's export validates too, and A takes B's resolution without being asked.
  const fromB = await exportFile(b, 'merge-b.json');
  assertValid(JSON.parse(fromB), 'B\'s export');
  u = await importFile(a, 'merge-b.json', fromB);
  assert.match(u.merge_summary, /^0 new, \d+ updated, 0 conflicts, 0 deleted/);
  await click(a, 'button:import-confirm');
  assert.equal((await state(a)).deals.find((d) => d.id === deal.id).stage_id, stageA);

  // A file from a newer Kariz is refused with a clear message.
  const newer = JSON.parse(second);
  newer.version = 3;
  u = await importFile(b, 'newer.json', JSON.stringify(newer));
  assert.equal(u.import_error, 'newer.json: This file was written by a newer Kariz (version 3); this one reads up to version 2.');
  await click(b, 'button:import-error-ok');
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await ctxA.close();
  await ctxB.close();
});
