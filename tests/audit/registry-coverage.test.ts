// Every route handler and page must be in the PHI registry, and every entry must
// still have its file: adding a route without deciding how it is audited fails here.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PHI_REGISTRY } from '@/tests/support/audit-registry';
import { AUDIT_EVENTS } from '@/lib/audit-events';
import { discoverRoutes, exportedMethods } from '@/tests/support/route-discovery';

const APP = path.resolve(__dirname, '../../app');
const discovered = () => discoverRoutes(APP).map((r) => `${r.method} ${r.route}`);

describe('PHI registry coverage', () => {
  it('finds the methods a route module exports', () => {
    expect(exportedMethods('export const GET = x;\nexport async function POST() {}\nexport const dynamic = 1;')).toEqual(['GET', 'POST']);
    expect(exportedMethods('export { handler as GET, handler as POST };')).toEqual(['GET', 'POST']);
  });

  it('has an entry for every route handler method and page', () => {
    const missing = discovered().filter((k) => !(k in PHI_REGISTRY));
    expect(missing, 'Add these to tests/support/audit-registry.ts (phi-read, audited, or none with a reason)').toEqual([]);
  });

  it('has no entry whose route or page is gone', () => {
    const present = new Set(discovered());
    expect(Object.keys(PHI_REGISTRY).filter((k) => !present.has(k))).toEqual([]);
  });

  it('names only known event types and gives a reason for every unaudited entry', () => {
    for (const [key, e] of Object.entries(PHI_REGISTRY)) {
      const events = e.kind === 'phi-read' ? [e.event] : e.kind === 'audited' ? e.events : [];
      for (const ev of events) expect(Object.hasOwn(AUDIT_EVENTS, ev), `${key}: ${ev}`).toBe(true);
      if (e.kind === 'audited') expect(e.events.length, key).toBeGreaterThan(0);
      if (e.kind === 'none') expect(e.why.length, key).toBeGreaterThan(5);
    }
  });
});
