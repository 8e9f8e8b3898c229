import { redirect } from 'next/navigation';
import type { DestinationParams } from './load';

export default async function DestinationPage({ params }: { params: DestinationParams }) {
  const { workspaceId, destinationId } = await params;
  redirect(`/w/${workspaceId}/destinations/${destinationId}/settings`);
}
