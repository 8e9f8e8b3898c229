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

const LOGOUT_KEY = 'pc.session.logout';
const LOGOUT_LOCK = 'pc-session-logout';

export function broadcastLogout(reason: string): void {
  getChannel()?.postMessage({ type: 'logout', reason } satisfies SessionMessage);
  window.localStorage.setItem(LOGOUT_KEY, `${reason}:${Date.now()}`);
}

/** When a tab last announced a sign-out (epoch ms), 0 if none. */
function lastLogoutAt(): number {
  const at = Number(window.localStorage.getItem(LOGOUT_KEY)?.split(':')[1]);
  return Number.isFinite(at) ? at : 0;
}

/**
 * Ends the session for every tab with one request. Tabs that reach the limit
 * together take turns under a Web Lock: the first announces the sign-out (the
 * others leave on the broadcast) and sends the request while holding the lock;
 * a tab whose turn comes after a sign-out announced since the last activity
 * sends nothing, as the cookie jar is shared and that request already ended the
 * session. Returns whether this tab sent it.
 */
export async function signOutOnce(reason: string, send: () => Promise<unknown>): Promise<boolean> {
  const run = async () => {
    if (lastLogoutAt() >= readLastActivity()) return false;
    broadcastLogout(reason);
    await send();
    return true;
  };
  // Without Web Locks (an insecure origin, an old browser) each tab sends at most once.
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? locks.request(LOGOUT_LOCK, run) : run();
}

export function subscribe(onMessage: (m: SessionMessage) => void): () => void {
  const ch = getChannel();
  const onChannel = (e: MessageEvent<SessionMessage>) => onMessage(e.data);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY && e.newValue) onMessage({ type: 'activity', at: Number(e.newValue) });
    if (e.key === LOGOUT_KEY && e.newValue) onMessage({ type: 'logout', reason: e.newValue.split(':')[0] });
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
