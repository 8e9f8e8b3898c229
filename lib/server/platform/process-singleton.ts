// One value per process, however many copies of this module are loaded. Next
// evaluates server modules once per route bundle, and `npm start` also loads
// lib/ through the /v1 fast path (scripts/server.mjs), so a plain module-level
// `const` would give each copy its own database pool, cache or worker. The value
// lives on globalThis under a namespaced key; the key's type is fixed by `init`.
const REGISTRY = Symbol.for('privacy-console.process-singletons');

type Registry = Map<string, unknown>;

function registry(): Registry {
  const g = globalThis as { [REGISTRY]?: Registry };
  return (g[REGISTRY] ??= new Map());
}

export function processSingleton<T>(key: string, init: () => T): T {
  const r = registry();
  if (!r.has(key)) r.set(key, init());
  return r.get(key) as T;
}

/** Replaces (or with `undefined`, forgets) a singleton: tests install their own database, and a failed open is retried. */
export function setProcessSingleton<T>(key: string, value: T | undefined): void {
  if (value === undefined) registry().delete(key);
  else registry().set(key, value);
}
