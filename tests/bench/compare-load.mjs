// Does a change make loading faster? Loads the same stored board with two (or more) builds, in
// alternating rounds, and prints the medians of the load's steps per build. Not part of run.sh.
//   node tests/bench/compare-load.mjs [deals=10000] [rounds=6] [reloads=5] [newtab] distA distB [...]
// With `newtab`, each load opens the board in a new tab instead (the old one closed), as a person
// reopening Kariz does. A new tab is a new renderer process: kariz.wasm is compiled again, or read
// from Chrome's wasm code cache, which Chrome writes about 2 s after the module's hot functions
// were optimised. So the board is used (wheel, mouse) for 6 s first and for 2 s after each load,
// then left idle for 3 s: every tab after the first finds the module in the code cache, as a
// person's next visit does.
// Each round starts a fresh browser per build, imports the benchmark workspace through the file
// chooser, reloads once to warm the caches, then times `reloads` reloads. The order of the builds
// flips every round (A B, B A, ...): the build that runs second in a round started about 10 ms
// later on average here. Two copies of the SAME build on this machine (2 CPUs) gave medians of 309
// and 274 ms after one round, 309 and 302 ms after six (5 reloads each): a difference of 10-30 ms
// is noise here unless many rounds agree.
import path from 'node:path';
import { launch, root } from '../e2e/harness.mjs';
import { benchWorkspace, pageWithStoredWorkspace } from './gen.mjs';

const args = process.argv.slice(2);
const numbers = [];
while (args.length && /^\d+$/.test(args[0])) numbers.push(Number(args.shift()));
const [deals = 10000, rounds = 6, reloads = 5] = numbers;
const newTab = args[0] === 'newtab';
if (newTab) args.shift();
const dists = args.map((d) => path.resolve(d));
if (dists.length < 2) {
  console.error('usage: node tests/bench/compare-load.mjs [deals] [rounds] [reloads] [newtab] distA distB [...]');
  process.exit(2);
}
const workspace = benchWorkspace(deals, path.join(root, 'build/bench'));
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)] : NaN; };

// One load's steps, in ms after navigation (the app's performance marks, see README "load").
async function loadSteps(page) {
  await page.waitForFunction(() => window.kariz && window.kariz.ready() && window.kariz.bench.firstBoardMs() > 0, null, { polling: 20 });
  const t = await page.evaluate(() => ({
    first: window.kariz.bench.firstBoardMs(),
    marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('kariz-', ''), m.startTime])),
    script: (performance.getEntriesByType('resource').find((e) => e.name.endsWith('/kariz.js')) || {}).responseEnd,
  }));
  const m = t.marks;
  return {
    'first board': t.first,
    'kariz.js here': t.script,
    'runtime ready': m['runtime-ready'],
    'main()': m['main-ready'] - m.main,
    'fonts restored or built': m['fonts-ready'] - m['fonts-start'],  // in main() before stop 16
    'deals read': m['stored-read'],
    'parse after read and main()': m['snapshot-read'] - Math.max(m['stored-read'], m['main-ready']),
    'first frame': t.first - m['snapshot-read'],
  };
}

// The board in use: the wheel over it and the mouse moving, one step every 50 ms, then idle.
async function use(page, ms) {
  for (const t0 = Date.now(); Date.now() - t0 < ms;) {
    await page.mouse.move(300 + Math.random() * 500, 200 + Math.random() * 400);
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(3000);
}

async function measure(dist) {
  const { browser, url, close } = await launch(dist);
  try {
    let { page } = await pageWithStoredWorkspace(browser, url, workspace.file);
    const runs = [];
    if (newTab) {
      await use(page, 6000);
      for (let i = 0; i < reloads; i++) {
        const ctx = page.context();
        await page.close();
        page = await ctx.newPage();
        await page.goto(url);
        runs.push(await loadSteps(page));
        await use(page, 2000);
      }
      return runs;
    }
    for (let i = 0; i <= reloads; i++) {
      await page.waitForTimeout(1200);  // idle first, as bench.mjs does (the GPU process renders the last load)
      await page.reload();
      const steps = await loadSteps(page);
      if (i > 0) runs.push(steps);  // the first reload only warms the caches
    }
    return runs;
  } finally { await close(); }
}

const all = new Map(dists.map((d) => [d, []]));
for (let r = 0; r < rounds; r++) {
  for (const d of r % 2 ? [...dists].reverse() : dists) all.get(d).push(...await measure(d));
  console.log(`round ${r + 1}/${rounds}: first board median so far ${dists.map((d) => Math.round(median(all.get(d).map((s) => s['first board'])))).join(' | ')} ms`);
}
const names = Object.keys(all.get(dists[0])[0]);
console.log(`\nmedians over ${rounds} rounds x ${reloads} ${newTab ? 'new tabs' : 'reloads'}, ${deals} deals, ms (steps in ms after navigation, or durations)`);
console.log(['step'.padEnd(30), ...dists.map((d) => path.relative(process.cwd(), d).padStart(22))].join(' '));
for (const name of names) console.log([name.padEnd(30), ...dists.map((d) => median(all.get(d).map((s) => s[name])).toFixed(1).padStart(22))].join(' '));
