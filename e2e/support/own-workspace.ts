// Workspaces of our own for the workspace/source/destination specs. The demo
// accounts are shared by every spec (the shell spec checks the owner's switcher
// lists one workspace), so these specs never add memberships to them. Instead
// each worker gets a throwaway account, and each test a fresh workspace it owns.
//
// The account is created directly in the database when DATABASE_URL is set;
// on the embedded database it comes from an invite (the Northwind owner
// invites, the invitee accepts with a password, and the membership is then
// removed again, before the new account has any session).
import { randomBytes } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { test as base, expect, type SignedIn } from '../fixtures';
import { storageStatePath, throwawayEmail } from './accounts';
import { BASE_URL } from './env';

export interface Account {
  email: string;
  password: string;
}
export interface OwnWorkspace extends SignedIn {
  id: string;
  name: string;
  api: APIRequestContext;
}

async function inviteAccount(
  request: { newContext: (o: object) => Promise<APIRequestContext> },
  northwind: string,
  account: Account,
): Promise<void> {
  const owner = await request.newContext({ baseURL: BASE_URL, storageState: storageStatePath('otherOwner') });
  const anonymous = await request.newContext({ baseURL: BASE_URL });
  try {
    const invite = await owner.post(`/api/workspaces/${northwind}/members`, {
      data: { email: account.email, role: 'compliance' },
    });
    expect(invite.status(), await invite.text()).toBe(201);
    const token = new URL((await invite.json()).inviteUrl).pathname.split('/').pop();
    const accept = await anonymous.post('/api/invites/accept', {
      data: { token, name: 'E2E Throwaway', password: account.password },
    });
    expect(accept.status(), await accept.text()).toBe(201);
    const { members } = (await (await owner.get(`/api/workspaces/${northwind}/members`)).json()) as {
      members: { id: string; email: string }[];
    };
    const m = members.find((x) => x.email === account.email);
    expect(m, 'invited member').toBeTruthy();
    expect((await owner.delete(`/api/workspaces/${northwind}/members/${m!.id}`)).status()).toBe(200);
  } finally {
    await owner.dispose();
    await anonymous.dispose();
  }
}

export const test = base.extend<{ ownWorkspace: (name?: string) => Promise<OwnWorkspace> }, { account: Account }>({
  account: [
    async ({ db, playwright, workspaceIds }, use) => {
      const account = { email: throwawayEmail('ws'), password: `e2e-${randomBytes(12).toString('base64url')}` };
      if (db) await db.createUser(account.email, account.password, []);
      else await inviteAccount(playwright.request, workspaceIds.northwind, account);
      await use(account);
    },
    { scope: 'worker' },
  ],

  ownWorkspace: async ({ account, signedIn }, use) => {
    await use(async (name) => {
      const s = await signedIn(account);
      const wsName = name ?? `E2E Clinic ${randomBytes(3).toString('hex')}`;
      const res = await s.context.request.post('/api/workspaces', { data: { name: wsName } });
      expect(res.status(), await res.text()).toBe(201);
      const { id } = (await res.json()) as { id: string };
      return { ...s, id, name: wsName, api: s.context.request };
    });
  },
});

export { expect };
