import { json, parseQuery, withWorkspace } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { searchAuditActors } from '@/lib/server/audit-log/filter-options';
import { auditActorList, auditActorQuerySchema } from '@/lib/schemas/audit';

// The Actor filter's suggestions: members of this workspace and people who appear as
// actors in its log, by name or email. Not audited like GET …/audit: it returns no
// audit rows, only workforce names and emails (as GET …/members does), and it runs on
// every keystroke; the filtered log itself is read through GET …/audit, which records
// the actor filter in its "Audit Log Viewed" row.
export const GET = withWorkspace(
  async (req, ctx) => json(auditActorList.parse(await searchAuditActors(ctx, parseQuery(req, auditActorQuerySchema)))),
  {
    permission: 'audit.read',
    audit: noAudit('workforce names and emails for the actor filter; no audit rows, no end-user PHI'),
  },
);
