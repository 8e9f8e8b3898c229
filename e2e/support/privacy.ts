// Feeds the Privacy Portal the way production does: events through the Tracking
// API (/v1/track with the seeded write key), then waits until the pipeline's
// observation buffer has flushed them into the Inbox.
import { expect, type APIRequestContext } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { SEED_WRITE_KEY } from './env';

/** A key unique to one test run, so specs never share fields. */
export function uniqueKey(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export async function track(api: APIRequestContext, event: string, properties: Record<string, unknown>): Promise<void> {
  const res = await api.post('/v1/track', {
    headers: { authorization: `Basic ${Buffer.from(`${SEED_WRITE_KEY}:`).toString('base64')}` },
    data: { event, userId: 'e2e-patient', properties },
  });
  expect(res.status(), await res.text()).toBe(200);
}

interface InboxField {
  id: string;
  keyPath: string;
  suggestedColor: string | null;
}

/** Polls the Inbox API (as a signed-in owner) until every key path has been observed. */
export async function waitForInbox(
  owner: APIRequestContext,
  workspaceId: string,
  keyPaths: string[],
): Promise<Map<string, InboxField>> {
  let found = new Map<string, InboxField>();
  await expect
    .poll(
      async () => {
        const res = await owner.get(`/api/workspaces/${workspaceId}/privacy/inbox`);
        const body = (await res.json()) as { fields: InboxField[] };
        found = new Map(body.fields.filter((f) => keyPaths.includes(f.keyPath)).map((f) => [f.keyPath, f]));
        return found.size;
      },
      { message: `waiting for ${keyPaths.join(', ')} in the Inbox`, timeout: 20_000 },
    )
    .toBe(keyPaths.length);
  return found;
}
