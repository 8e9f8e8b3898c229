import 'server-only';
import type { QuickJSContext, QuickJSDeferredPromise } from 'quickjs-emscripten';

/** An error for the guest: quickjs-emscripten copies only its name and message in (never a host stack). */
export function guestError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Rejects a guest promise with a fresh guest error (the deferred frees its resolvers itself). */
export function rejectWith(ctx: QuickJSContext, deferred: QuickJSDeferredPromise, name: string, message: string): void {
  const err = ctx.newError({ name, message });
  try {
    deferred.reject(err);
  } finally {
    err.dispose();
  }
}
