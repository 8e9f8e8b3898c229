// Removes embedded databases left by earlier e2e runs (each run starts on its
// own empty .data/e2e-<time>-<pid> directory, see playwright.config.ts). A
// directory whose runner process is still alive belongs to a concurrent run and
// is kept.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export default function globalSetup(): void {
  const dataDir = path.resolve('.data');
  const current = path.resolve(process.env.E2E_PGLITE_DIR ?? '');
  let entries: string[] = [];
  try {
    entries = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of entries) {
    const m = /^e2e-\d+-(\d+)$/.exec(name);
    const dir = path.join(dataDir, name);
    if (m && dir !== current && !alive(Number(m[1]))) rmSync(dir, { recursive: true, force: true });
  }
}
