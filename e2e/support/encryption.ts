// Helpers for the encryption spec: a source and a destination of one's own,
// the customer's side of decryption (stock OpenSSL and `npm run decrypt`), and
// "is this text anywhere in the database".
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, createHash } from 'node:crypto';
import path from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';
import type { E2eDb } from './db';

const ROOT = path.resolve(__dirname, '../..');

export async function createWebhookDestination(
  api: APIRequestContext,
  ws: string,
  name = 'Clinic webhook',
): Promise<{ sourceId: string; destinationId: string }> {
  const s = await api.post(`/api/workspaces/${ws}/sources`, { data: { name: 'Patient Portal API', type: 'http_api' } });
  expect(s.status(), await s.text()).toBe(201);
  const sourceId = ((await s.json()) as { source: { id: string } }).source.id;
  const d = await api.post(`/api/workspaces/${ws}/destinations`, {
    data: {
      catalogId: 'webhook',
      sourceId,
      name,
      settings: { url: 'https://example.org/hooks/events', sharedSecret: 'e2e-shared-secret-0123456789' },
    },
  });
  expect(d.status(), await d.text()).toBe(201);
  return { sourceId, destinationId: ((await d.json()) as { id: string }).id };
}

/** A key pair made outside the browser, for turning encryption on through the API in setup steps. */
export function nodeKeyPair(bits = 2048): { publicPem: string; privatePem: string; fingerprint: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint: createHash('sha256').update(der).digest('hex'),
  };
}

/** What the customer runs: base64-decode, then `openssl pkeyutl` with OAEP / SHA-256 / MGF1-SHA-256. */
export function opensslDecrypt(keyFile: string, ciphertextB64: string): string {
  return execFileSync(
    'openssl',
    [
      'pkeyutl',
      '-decrypt',
      '-inkey',
      keyFile,
      '-pkeyopt',
      'rsa_padding_mode:oaep',
      '-pkeyopt',
      'rsa_oaep_md:sha256',
      '-pkeyopt',
      'rsa_mgf1_md:sha256',
    ],
    { input: Buffer.from(ciphertextB64, 'base64') },
  ).toString('utf8');
}

/** `npm run decrypt -- --key <pem> < events.ndjson` (npm's own banner silenced). */
export function npmDecrypt(keyFile: string, events: unknown[]): unknown[] {
  const r = spawnSync('npm', ['run', '--silent', 'decrypt', '--', '--key', keyFile], {
    cwd: ROOT,
    input: events.map((e) => JSON.stringify(e)).join('\n') + '\n',
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

/** The PEM's base64 body without line breaks, and one of its lines: what a leak would contain. */
export function pemNeedles(pem: string): string[] {
  const lines = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  return [lines.join(''), lines[3], lines[lines.length - 2]];
}

/** Names of the public tables in which any row, as JSON text, contains one of `needles`. */
export async function tablesContaining(db: E2eDb, needles: string[]): Promise<string[]> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const hits: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table_name.replace(/"/g, '""')}" x, unnest($1::text[]) AS needle WHERE position(needle in row_to_json(x)::text) > 0`,
      [needles],
    );
    if (row && row.n > 0) hits.push(table_name);
  }
  return hits;
}

export interface AuditItem {
  eventType: string;
  targetId: string | null;
  changes: unknown;
  actorName: string | null;
}

/** Audit rows of one destination and type, through the Audit Log API (works without DATABASE_URL). */
export async function auditRows(
  api: APIRequestContext,
  ws: string,
  destinationId: string,
  eventType: string,
): Promise<AuditItem[]> {
  const r = await api.get(`/api/workspaces/${ws}/audit?eventType=${eventType}&targetId=${destinationId}&limit=200`);
  expect(r.status(), await r.text()).toBe(200);
  return ((await r.json()) as { items: AuditItem[] }).items;
}
