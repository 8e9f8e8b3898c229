// Removes embedded databases and audit checkpoint files left by earlier e2e runs
// (each run starts on its own empty .data/e2e-<time>-<pid> directory, with its
// checkpoint file beside it, see playwright.config.ts). Those of a runner process
// still alive belong to a concurrent run and are kept.
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
    // The run's database directory, and its audit checkpoint file beside it.
    const m = /^e2e-\d+-(\d+)(-audit-checkpoints\.jsonl)?$/.exec(name);
    const dir = path.join(dataDir, name);
    if (m && dir !== current && !dir.startsWith(`${current}-`) && !alive(Number(m[1])))
      rmSync(dir, { recursive: true, force: true });
  }
}
