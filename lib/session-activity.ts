// Shared idle state for every tab of this origin. The last *user* activity time
// lives in localStorage and is announced over BroadcastChannel (storage events
// are the fallback), so activity in one tab keeps the others alive and a
// sign-out in one tab signs out all of them.
const KEY = 'pc.session.lastActivity';
const CHANNEL = 'pc-session';
export const HEARTBEAT_MIN_INTERVAL_MS = 15_000;

export type SessionMessage = { type: 'activity'; at: number } | { type: 'logout'; reason: string };

let channel: BroadcastChannel | null = null;
function getChannel(): BroadcastChannel | null {
  if (typeof window === 'undefined' || typeof BroadcastChannel === 'undefined') return null;
  channel ??= new BroadcastChannel(CHANNEL);
  return channel;
}

export function readLastActivity(): number {
  if (typeof window === 'undefined') return Date.now();
  const v = Number(window.localStorage.getItem(KEY));
  return Number.isFinite(v) && v > 0 ? v : Date.now();
}

/** Records activity the server has already counted (a navigation, a mutation, a heartbeat). */
export function markActivity(at = Date.now()): void {
  if (typeof window === 'undefined') return;
  if (at <= readLastActivityRaw()) return;
  window.localStorage.setItem(KEY, String(at));
  getChannel()?.postMessage({ type: 'activity', at } satisfies SessionMessage);
  window.dispatchEvent(new CustomEvent('pc:activity', { detail: at }));
}

function readLastActivityRaw(): number {
  const v = Number(window.localStorage.getItem(KEY));
  return Number.isFinite(v) ? v : 0;
}

export function broadcastLogout(reason: string): void {
  getChannel()?.postMessage({ type: 'logout', reason } satisfies SessionMessage);
  window.localStorage.setItem('pc.session.logout', `${reason}:${Date.now()}`);
}

export function subscribe(onMessage: (m: SessionMessage) => void): () => void {
  const ch = getChannel();
  const onChannel = (e: MessageEvent<SessionMessage>) => onMessage(e.data);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY && e.newValue) onMessage({ type: 'activity', at: Number(e.newValue) });
    if (e.key === 'pc.session.logout' && e.newValue) onMessage({ type: 'logout', reason: e.newValue.split(':')[0] });
  };
  const onLocal = (e: Event) => onMessage({ type: 'activity', at: (e as CustomEvent<number>).detail });
  ch?.addEventListener('message', onChannel);
  window.addEventListener('storage', onStorage);
  window.addEventListener('pc:activity', onLocal);
  return () => {
    ch?.removeEventListener('message', onChannel);
    window.removeEventListener('storage', onStorage);
    window.removeEventListener('pc:activity', onLocal);
  };
}

let lastHeartbeat = 0;
let trailing: ReturnType<typeof setTimeout> | null = null;

/** Tells the server about real input, at most every 15 s, with a trailing beat so the last input is never lost. */
export function noteUserInput(): void {
  const now = Date.now();
  if (now - lastHeartbeat >= HEARTBEAT_MIN_INTERVAL_MS) {
    void sendHeartbeat();
  } else if (!trailing) {
    trailing = setTimeout(
      () => {
        trailing = null;
        void sendHeartbeat();
      },
      HEARTBEAT_MIN_INTERVAL_MS - (now - lastHeartbeat),
    );
  }
}

export async function sendHeartbeat(): Promise<boolean> {
  const sentAt = Date.now();
  lastHeartbeat = sentAt;
  const res = await fetch('/api/session/activity', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }).catch(() => null);
  if (res?.ok) {
    markActivity(sentAt);
    return true;
  }
  if (res?.status === 401) window.dispatchEvent(new CustomEvent('pc:unauthenticated', { detail: 'session_idle' }));
  return false;
}
