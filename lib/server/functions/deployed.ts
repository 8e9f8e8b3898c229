import 'server-only';
import type { Db, Tx } from '@/lib/server/db';
import { AppError } from '@/lib/server/errors';
import { functionSettingsSchema, type FunctionSettingDefInput } from '@/lib/schemas/functions';
import type { ConnectedFunction } from '@/lib/schemas/destinations';
import type { FunctionKind } from '@/lib/functions/types';

// What a destination needs to know about the function it runs (Destination
// Function) or runs first (Insert Function): the deployed version's code and the
// settings it declares. Connected destinations always run the deployed version.

export const FUNCTION_REF_SELECT = {
  id: true,
  name: true,
  kind: true,
  deployedVersion: { select: { id: true, number: true, code: true, settingsSchema: true } },
} as const;

export interface FunctionRefRow {
  id: string;
  name: string;
  kind: FunctionKind;
  deployedVersion: { id: string; number: number; code: string; settingsSchema: unknown } | null;
}

/** A stored settings declaration, checked again on the way out (it was checked on save). */
export function settingsOf(json: unknown): FunctionSettingDefInput[] {
  const r = functionSettingsSchema.safeParse(json);
  return r.success ? r.data : [];
}

export function connectedFunctionView(f: FunctionRefRow): ConnectedFunction {
  return {
    id: f.id,
    name: f.name,
    kind: f.kind,
    deployedVersion: f.deployedVersion?.number ?? null,
    settings: settingsOf(f.deployedVersion?.settingsSchema),
  };
}

export interface DeployedFunction {
  id: string;
  name: string;
  kind: FunctionKind;
  versionId: string;
  number: number;
  code: string;
  settings: FunctionSettingDefInput[];
}

/**
 * The deployed version of one of this workspace's functions, for connecting it.
 * A foreign or unknown id is 404; a function of the other kind, or one never
 * deployed, cannot be connected (400 naming the field).
 */
export async function loadDeployedFunction(
  db: Db | Tx,
  workspaceId: string,
  functionId: string,
  kind: FunctionKind,
  field = 'functionId',
): Promise<DeployedFunction> {
  const f = await db.userFunction.findFirst({ where: { id: functionId, workspaceId }, select: FUNCTION_REF_SELECT });
  if (!f)
    throw new AppError('not_found', 'Function not found.', {
      fields: [{ path: field, message: 'Pick one of this workspace’s functions.' }],
    });
  if (f.kind !== kind) {
    const want = kind === 'destination' ? 'a Destination Function' : 'an Insert Function';
    throw new AppError('validation_failed', `"${f.name}" is not ${want}.`, {
      fields: [{ path: field, message: `Pick ${want}.` }],
    });
  }
  const v = f.deployedVersion;
  if (!v) {
    throw new AppError('validation_failed', `"${f.name}" has no deployed version yet. Deploy it first.`, {
      fields: [{ path: field, message: 'Deploy the function before connecting it.' }],
    });
  }
  return {
    id: f.id,
    name: f.name,
    kind: f.kind,
    versionId: v.id,
    number: v.number,
    code: v.code,
    settings: settingsOf(v.settingsSchema),
  };
}
