// Deterministic synthetic workspaces for tests and benchmarks: n deals over the sample's
// pipelines and sellers, several currencies, with stage histories.
import fs from 'node:fs';

const sample = JSON.parse(fs.readFileSync(new URL('../../assets/sample.json', import.meta.url), 'utf8'));
const CURRENCIES = ['EUR', 'USD', 'AED', 'SAR', 'EUR', 'USD'];
const WORDS = ['CRM rollout', 'Support renewal', 'Network upgrade', 'Licence expansion', 'Consulting retainer',
  'Data migration', 'Security audit', 'Hardware refresh', 'قرارداد پشتیبانی', 'توريد أجهزة'];
const ORGS = ['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wingtip', 'شرکت پارس', 'مجموعة الخليج', 'Adatum'];

function uuid(i) {
  const h = (i + 1).toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${h}`;
}

// A small linear congruential generator: the same n always gives the same workspace.
function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
}

export function makeWorkspace(n, { now = Date.UTC(2026, 10, 20) / 1000 } = {}) {
  const rand = rng(n);
  const iso = (t) => new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const deals = [];
  for (let i = 0; i < n; i++) {
    const p = sample.pipelines[i % 4 === 3 ? 1 : 0];
    const depth = 1 + Math.floor(rand() * (p.stages.length - 1));
    const created = now - Math.floor(rand() * 200 * 86400) - 86400 * depth;
    const history = [];
    let t = created;
    for (let k = 0; k <= depth; k++) {
      const left = k === depth ? null : t + Math.floor(rand() * 10 * 86400) + 3600;
      history.push({ stage_id: p.stages[k].id, entered: iso(t), left: left === null ? null : iso(left) });
      if (left !== null) t = left;
    }
    const r = rand();
    const status = r < 0.08 ? 'won' : r < 0.15 ? 'lost' : 'open';
    deals.push({
      id: uuid(i), title: `${WORDS[i % WORDS.length]} #${i}`, organization: ORGS[(i * 7) % ORGS.length],
      contact: { name: `Contact ${i}`, email: `c${i}@example.com`, phone: `+1 555 ${String(i).padStart(6, '0')}` },
      value: Math.floor(rand() * 5000000), currency: CURRENCIES[i % CURRENCIES.length],
      owner_id: sample.users[i % sample.users.length].id, pipeline_id: p.id, stage_id: p.stages[depth].id,
      status, lost_reason: status === 'lost' ? 'No budget' : '', source: i % 3 ? 'inbound' : 'outbound',
      labels: i % 5 ? ['warm'] : ['hot', 'enterprise'], expected_close: '2027-01-15', notes: '',
      created_at: iso(created), updated_at: iso(t), stage_entered_at: iso(t),
      closed_at: status === 'open' ? null : iso(t), history,
    });
  }
  return { format: 'kariz.snapshot', version: 1, exported_at: iso(now), settings: sample.settings,
    users: sample.users, pipelines: sample.pipelines, deals };
}
