import 'server-only';
import { seal, unseal } from '@/lib/server/platform/seal';
import { maskValue } from '@/lib/privacy/mask';

// Sample values are PHI. They are sealed with the app key and bound (AAD) to the
// workspace and key path, so a sealed sample copied to another row or workspace
// does not open. Only maskedSample() output may leave the server without an audit row.

const aad = (workspaceId: string, keyPath: string) => `sample:${workspaceId}:${keyPath}`;

export function sealSample(workspaceId: string, keyPath: string, sample: string): string {
  return seal(sample, aad(workspaceId, keyPath));
}

/** null when there is no sample or it cannot be opened (another key, tampered row). */
export function openSample(workspaceId: string, keyPath: string, sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    return unseal(sealed, aad(workspaceId, keyPath));
  } catch {
    return null;
  }
}

/** The shape of the sample only (type and length), as the Source Debugger masks values. */
export function maskedSample(workspaceId: string, keyPath: string, sealed: string | null): string | null {
  const value = openSample(workspaceId, keyPath, sealed);
  return value === null ? null : maskValue(value);
}
