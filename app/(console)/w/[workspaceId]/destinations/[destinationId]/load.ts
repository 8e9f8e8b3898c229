import 'server-only';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/server/sessions/page';
import { AppError } from '@/lib/server/errors';
import { idOr404 } from '@/lib/server/platform/names';
import type { Permission } from '@/lib/permissions';

export type DestinationParams = Promise<{ workspaceId: string; destinationId: string }>;

/** Session, membership and permission for a destination tab; runs `load` and maps not_found to the 404 page. */
export async function loadDestinationTab<T>(
  params: DestinationParams,
  permission: Permission,
  load: (ctx: Awaited<ReturnType<typeof requirePage>>, id: string) => Promise<T>,
) {
  const { workspaceId, destinationId } = await params;
  const ctx = await requirePage(workspaceId, permission);
  try {
    return { ctx, workspaceId, destinationId, data: await load(ctx, idOr404(destinationId, 'Destination')) };
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') notFound();
    throw e;
  }
}
