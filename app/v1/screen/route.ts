import { publicRoute } from '@/lib/server/http';
import { noAudit } from '@/lib/server/audit/route-scope';
import { ingestRequest } from '@/lib/server/ingest/handle';

// Segment HTTP Tracking API: POST /v1/screen. All logic lives in lib/server/ingest.
export const dynamic = 'force-dynamic';

export const POST = publicRoute((req) => ingestRequest(req, 'screen'), {
  audit: noAudit('tracking API (write-key auth): ingests events, is not a console access to PHI'),
});
