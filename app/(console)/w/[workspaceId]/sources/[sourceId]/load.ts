import 'server-only';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/server/sessions/page';
import { getSource } from '@/lib/server/sources/sources';
import { AppError } from '@/lib/server/errors';
import { idOr404 } from '@/lib/server/platform/names';

export type SourceParams = Promise<{ workspaceId: string; sourceId: string }>;

/** Loads the source for its pages; a foreign or unknown id is the generic 404. */
export async function loadSourcePage(params: SourceParams) {
  const { workspaceId, sourceId } = await params;
  const ctx = await requirePage(workspaceId, 'sources.read');
  try {
    return { ctx, workspaceId, source: await getSource(ctx, idOr404(sourceId, 'Source')) };
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') notFound();
    throw e;
  }
}
