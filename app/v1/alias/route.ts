import { ingestRequest } from '@/lib/server/ingest/handle';

// Segment HTTP Tracking API: POST /v1/alias. All logic lives in lib/server/ingest.
export const dynamic = 'force-dynamic';

export function POST(req: Request): Promise<Response> {
  return ingestRequest(req, 'alias');
}
