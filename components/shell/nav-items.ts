import type { Permission } from '@/lib/permissions';

export const NAV_ITEMS: { label: string; segment: string; permission: Permission }[] = [
  { label: 'Overview', segment: 'overview', permission: 'workspace.read' },
  { label: 'Sources', segment: 'sources', permission: 'sources.read' },
  { label: 'Destinations', segment: 'destinations', permission: 'destinations.read' },
  { label: 'Privacy', segment: 'privacy', permission: 'privacy.read' },
  { label: 'Audit Log', segment: 'audit', permission: 'audit.read' },
  { label: 'Settings', segment: 'settings', permission: 'settings.read' },
];
