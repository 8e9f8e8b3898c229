// npm test: type check, unit + integration tests (vitest, real database), then
// the Playwright e2e suite in Chromium against the production build. Ends on one
// line CI can read: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const bin = (n) => path.join(root, 'node_modules', '.bin', n);
const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });
const only = process.argv[2]; // optional: "unit" or "e2e"

function step(name, cmd, args) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

function readJson(file) {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return null; }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let ok = true;

if (!only) ok = step('Type check', bin('tsc'), ['--noEmit']) && ok;
if (!ok) totals.failed += 1;

if (!only || only === 'unit') {
  const file = path.join(out, 'vitest.json');
  rmSync(file, { force: true });
  ok = step('Unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]) && ok;
  const v = readJson(file);
  if (v) {
    totals.passed += v.numPassedTests; totals.failed += v.numFailedTests; totals.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
    lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numPendingTests} skipped`);
  } else { totals.failed += 1; lines.push('vitest: no report (crashed)'); }
}

if (!only || only === 'e2e') {
  const file = path.join(out, 'e2e.json');
  rmSync(file, { force: true });
  ok = step('End-to-end tests (Playwright, Chromium)', bin('playwright'), ['test']) && ok;
  const p = existsSync(file) ? readJson(file) : null;
  if (p?.stats) {
    const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = p.stats;
    totals.passed += expected + flaky; totals.failed += unexpected; totals.skipped += skipped;
    lines.push(`playwright: ${expected + flaky} passed (${flaky} flaky), ${unexpected} failed, ${skipped} skipped`);
  } else { totals.failed += 1; lines.push('playwright: no report (crashed)'); }
}

console.log('\n=== Summary ===');
for (const l of lines) console.log(l);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
