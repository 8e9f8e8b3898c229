'use client';
import { createContext, useContext } from 'react';
import type { Permission, Role } from '@/lib/permissions';

export interface WorkspaceInfo {
  workspaceId: string;
  role: Role;
  permissions: Permission[];
  hipaaEligible: boolean;
}

const Ctx = createContext<WorkspaceInfo | null>(null);

export function WorkspaceProvider({ value, children }: { value: WorkspaceInfo; children: React.ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useWorkspace(): WorkspaceInfo & { can: (p: Permission) => boolean } {
  const v = useContext(Ctx);
  if (!v) throw new Error('useWorkspace outside a workspace');
  return { ...v, can: (p) => v.permissions.includes(p) };
}
