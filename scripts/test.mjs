// npm test: lint (ESLint, 0 warnings, and Prettier's check), the layering check
// (no import cycles, no client import of lib/server), type check, unit +
// integration tests (vitest, real database), then the Playwright e2e suite in
// Chromium against the production build. Ends on one line CI can read:
// "tests: N passed, N failed, N skipped".
import { execFileSync, spawnSync } from 'node:child_process';
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
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let ok = true;

// Static checks; each failed one counts as one failed test in the summary.
if (!only) {
  for (const [name, cmd, args] of [
    ['Lint (ESLint)', bin('eslint'), ['.', '--max-warnings=0']],
    ['Format (Prettier)', bin('prettier'), ['--check', '--log-level=warn', '.']],
    ['Layers (dependency-cruiser)', process.execPath, ['scripts/check-layers.mjs']],
    ['Type check', bin('tsc'), ['--noEmit']],
  ]) {
    const passed = step(name, cmd, args);
    lines.push(`${name}: ${passed ? 'ok' : 'FAILED'}`);
    if (!passed) {
      ok = false;
      totals.failed += 1;
    }
  }
}

if (!only || only === 'unit') {
  const file = path.join(out, 'vitest.json');
  rmSync(file, { force: true });
  ok =
    step('Unit and integration tests (vitest)', bin('vitest'), [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${file}`,
    ]) && ok;
  const v = readJson(file);
  if (v) {
    totals.passed += v.numPassedTests;
    totals.failed += v.numFailedTests;
    totals.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
    lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed, ${v.numPendingTests} skipped`);
  } else {
    totals.failed += 1;
    lines.push('vitest: no report (crashed)');
  }
}

if (!only || only === 'e2e') {
  // The e2e server's port: E2E_PORT when given, else one the OS says is free now
  // (never a fixed default that another server on this machine may hold).
  process.env.E2E_PORT ||= execFileSync(
    process.execPath,
    ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"],
    { encoding: 'utf8' },
  ).trim();
  // playwright.config.ts names its report after the port (test-results/e2e-<port>.json).
  const file = path.join(out, `e2e-${process.env.E2E_PORT}.json`);
  rmSync(file, { force: true });
  ok = step('End-to-end tests (Playwright, Chromium)', bin('playwright'), ['test']) && ok;
  const p = existsSync(file) ? readJson(file) : null;
  if (p?.stats) {
    const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = p.stats;
    totals.passed += expected + flaky;
    totals.failed += unexpected;
    totals.skipped += skipped;
    lines.push(`playwright: ${expected + flaky} passed (${flaky} flaky), ${unexpected} failed, ${skipped} skipped`);
  } else {
    totals.failed += 1;
    lines.push('playwright: no report (crashed)');
  }
}

console.log('\n=== Summary ===');
for (const l of lines) console.log(l);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
