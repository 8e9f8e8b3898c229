// npm test's layering check (dependency-cruiser): no import cycle between
// modules, client code never imports lib/server, app/ never talks to the database
// directly, and no cycle between the folders of lib/server (each folder collapsed
// to one node; each shared file at the top of lib/server, such as db.ts or
// http.ts, is a node of its own). Prints the folder graph with --graph.
import { cruise } from 'dependency-cruiser';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');
const result = await cruise(['app', 'components', 'lib', 'scripts', 'bench', 'tests', 'e2e'], {
  ...config.options,
  validate: true,
  ruleSet: { forbidden: config.forbidden },
});
const out = result.output;
let failed = false;

for (const v of out.summary.violations) {
  failed = true;
  console.error(
    `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name ?? c).join(' → ')})` : ''}`,
  );
}

// Folder graph of lib/server.
const node = (p) => {
  const m = /^lib\/server\/([^/]+)(\/|$)/.exec(p);
  if (!m) return null;
  return m[2] === '/' ? `lib/server/${m[1]}/` : `lib/server/${m[1]}`;
};
const edges = new Map();
for (const mod of out.modules) {
  const from = node(mod.source);
  if (!from) continue;
  for (const dep of mod.dependencies) {
    const to = node(dep.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const via = edges.get(from);
    if (!via.has(to)) via.set(to, `${mod.source} → ${dep.resolved}`);
  }
}
// Tarjan's strongly connected components: any component with more than one node is a cycle.
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const on = new Set();
const sccs = [];
const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]);
function strong(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  on.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) sccs.push(c);
  }
}
for (const v of nodes) if (!idx.has(v)) strong(v);
for (const c of sccs) {
  failed = true;
  console.error(`folder cycle in lib/server: ${c.join(' ⇄ ')}`);
  for (const a of c)
    for (const [b, via] of edges.get(a) ?? []) if (c.includes(b)) console.error(`  ${a} → ${b}  e.g. ${via}`);
}
if (process.argv.includes('--graph')) {
  for (const [a, m] of [...edges].sort()) console.log(`${a} → ${[...m.keys()].sort().join(', ')}`);
}
console.log(
  failed
    ? 'layers: violations found'
    : `layers: ${out.summary.totalCruised} modules, ${nodes.size} lib/server nodes, no cycles, no forbidden imports`,
);
process.exit(failed ? 1 : 0);
