import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/api-client';
import type {
  CreateFunctionInput,
  FunctionListItem,
  FunctionVersionView,
  FunctionView,
  InsertFunctionInput,
  SaveVersionInput,
  SyntaxCheckView,
  TestFunctionInput,
  TestResultView,
  UpdateFunctionInput,
} from '@/lib/schemas/functions';
import type { DestinationView } from '@/lib/schemas/destinations';
import { destinationKeys } from '@/lib/queries/destinations';

export type { FunctionListItem, FunctionVersionView, FunctionView, SyntaxCheckView, TestResultView };

export const functionKeys = {
  all: (workspaceId: string) => ['workspaces', workspaceId, 'functions'] as const,
  list: (workspaceId: string) => [...functionKeys.all(workspaceId), 'list'] as const,
  detail: (workspaceId: string, id: string) => [...functionKeys.all(workspaceId), 'detail', id] as const,
  version: (workspaceId: string, id: string, versionId: string) =>
    [...functionKeys.detail(workspaceId, id), 'version', versionId] as const,
};

const base = (workspaceId: string) => `/api/workspaces/${workspaceId}/functions`;

/** The Functions tab. Members get deployed functions only (what Connect offers). */
export function useFunctions(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: functionKeys.list(workspaceId),
    queryFn: ({ signal }) =>
      apiGet<{ functions: FunctionListItem[] }>(base(workspaceId), signal).then((r) => r.functions),
    enabled,
  });
}

/** One function with its latest version's code, its versions and where it runs. */
export function useFunction(workspaceId: string, id: string, initialData?: FunctionView) {
  return useQuery({
    queryKey: functionKeys.detail(workspaceId, id),
    queryFn: ({ signal }) => apiGet<FunctionView>(`${base(workspaceId)}/${id}`, signal),
    initialData,
    // The editor holds unsaved code: a background refetch must not look like it replaced it.
    refetchOnWindowFocus: false,
  });
}

/** A version's code and settings, for the diff. Versions never change once saved. */
export function useFunctionVersion(workspaceId: string, id: string, versionId: string | null) {
  return useQuery({
    queryKey: functionKeys.version(workspaceId, id, versionId ?? ''),
    queryFn: ({ signal }) => apiGet<FunctionVersionView>(`${base(workspaceId)}/${id}/versions/${versionId}`, signal),
    enabled: versionId !== null,
    staleTime: Infinity,
  });
}

export function useCreateFunction(workspaceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: CreateFunctionInput) => apiSend<FunctionView>('POST', base(workspaceId), v),
    onSuccess: (f) => {
      qc.setQueryData(functionKeys.detail(workspaceId, f.id), f);
      return qc.invalidateQueries({ queryKey: functionKeys.list(workspaceId) });
    },
  });
}

export function useFunctionMutations(workspaceId: string, id: string) {
  const qc = useQueryClient();
  const url = `${base(workspaceId)}/${id}`;
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: functionKeys.detail(workspaceId, id), exact: true }),
      qc.invalidateQueries({ queryKey: functionKeys.list(workspaceId) }),
    ]);
  return {
    update: useMutation({
      mutationFn: (v: UpdateFunctionInput) => apiSend<FunctionView>('PATCH', url, v),
      onSuccess: refresh,
    }),
    saveVersion: useMutation({
      mutationFn: (v: SaveVersionInput) => apiSend<FunctionVersionView>('POST', `${url}/versions`, v),
      onSuccess: (v) => {
        qc.setQueryData(functionKeys.version(workspaceId, id, v.id), v);
        return refresh();
      },
    }),
    deploy: useMutation({
      mutationFn: (versionId: string) => apiSend<unknown>('POST', `${url}/deploy`, { versionId }),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (confirmName: string) => apiSend<unknown>('DELETE', url, { confirmName }),
      onSuccess: () => {
        qc.removeQueries({ queryKey: functionKeys.detail(workspaceId, id) });
        return qc.invalidateQueries({ queryKey: functionKeys.list(workspaceId) });
      },
    }),
  };
}

/** The editor's inline lint: the server compiles with the runtime's own compiler. */
export function checkFunctionCode(workspaceId: string, code: string): Promise<SyntaxCheckView> {
  return apiSend<SyntaxCheckView>('POST', `${base(workspaceId)}/check`, { code });
}

/** Test panel: runs the unsaved code for real (fetch calls go out through the SSRF guard). */
export function useTestFunction(workspaceId: string) {
  return useMutation({
    mutationFn: (v: TestFunctionInput) => apiSend<TestResultView>('POST', `${base(workspaceId)}/test`, v),
  });
}

/** Attach, reconfigure or remove (functionId null) a catalog destination's Insert Function. */
export function useSetInsertFunction(workspaceId: string, destinationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: InsertFunctionInput) =>
      apiSend<DestinationView>(
        'PUT',
        `/api/workspaces/${workspaceId}/destinations/${destinationId}/insert-function`,
        v,
      ),
    onSuccess: (d) => {
      qc.setQueryData(destinationKeys.detail(workspaceId, destinationId), d);
      return Promise.all([
        qc.invalidateQueries({ queryKey: destinationKeys.list(workspaceId) }),
        qc.invalidateQueries({ queryKey: functionKeys.list(workspaceId) }),
      ]);
    },
  });
}
