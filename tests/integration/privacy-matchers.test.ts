// Detection settings through the real route handlers: built-in matchers (colour,
// on/off), custom matchers (limit, safe regexes, presets), synonyms, RBAC, tenancy, audit.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServerDb } from '@/tests/support/server-db';
import { workspaceId } from '@/tests/support/ctx';
import { callRoute, DEMO } from '@/tests/support/route-call';
import { seedDemo } from '@/lib/server/seed/demo';
import { loadClassifier } from '@/lib/server/privacy/classifier';
import { GET as listRoute, POST as createRoute } from '@/app/api/workspaces/[workspaceId]/privacy/matchers/route';
import {
  DELETE as deleteRoute,
  PATCH as patchRoute,
} from '@/app/api/workspaces/[workspaceId]/privacy/matchers/[matcherId]/route';
import { POST as createSynonymRoute } from '@/app/api/workspaces/[workspaceId]/privacy/synonyms/route';
import { DELETE as deleteSynonymRoute } from '@/app/api/workspaces/[workspaceId]/privacy/synonyms/[synonymId]/route';
import { MAX_CUSTOM_MATCHERS, type MatchersView, type MatcherView } from '@/lib/schemas/privacy';

const db = useServerDb();
let ws: string;
let other: string;

type Err = { error: { code: string; message: string } };
const create = (body: unknown, as: string = DEMO.owner) =>
  callRoute<MatcherView & Err>(createRoute, { as, method: 'POST', params: { workspaceId: ws }, body });
const patch = (matcherId: string, body: unknown, as: string = DEMO.owner) =>
  callRoute<MatcherView & Err>(patchRoute, { as, method: 'PATCH', params: { workspaceId: ws, matcherId }, body });
const list = async () =>
  (await callRoute<MatchersView>(listRoute, { as: DEMO.member, params: { workspaceId: ws } })).body;
const lastAudit = (eventType: string) =>
  db.current.prisma.auditLog.findFirstOrThrow({ where: { workspaceId: ws, eventType }, orderBy: { seq: 'desc' } });

beforeAll(async () => {
  await seedDemo({ password: 'correct horse battery', writeKey: 'wk_test_privacy_matchers' });
  ws = await workspaceId('sunshine-health');
  other = await workspaceId('northwind-clinic');
});

describe('built-in matchers', () => {
  it('lists the 38 defaults with their default colour, spellings and the value presets', async () => {
    const v = await list();
    expect(v.builtIn).toHaveLength(38);
    expect(v.builtIn.filter((m) => m.color === 'red')).toHaveLength(8);
    expect(v.builtIn.find((m) => m.name === 'Birthdate')).toMatchObject({
      matchOn: 'key',
      type: 'exact',
      color: 'yellow',
      defaultColor: 'yellow',
      enabled: true,
      spellings: expect.arrayContaining(['dob', 'date of birth']),
    });
    expect(v.presets.map((p) => p.id)).toEqual([
      'ssn',
      'us_phone',
      'email',
      'credit_card',
      'npi',
      'date_of_birth',
      'icd10',
      'ipv4',
      'ipv6',
    ]);
    expect(v.limit).toBe(100);
  });

  it('owner changes a colour and turns one off (audited); name, pattern and deletion are refused', async () => {
    const zip = (await list()).builtIn.find((m) => m.name === 'Zipcode')!;
    const res = await patch(zip.id, { color: 'red' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ color: 'red', defaultColor: 'yellow' });
    expect((await lastAudit('privacy.matcher_modified')).changes).toMatchObject({
      builtIn: true,
      before: { color: 'yellow' },
      after: { color: 'red' },
    });
    expect((await loadClassifier(ws)).colorForKey('postal_code')?.color).toBe('red');
    expect((await patch(zip.id, { enabled: false })).body.enabled).toBe(false);
    expect((await loadClassifier(ws)).colorForKey('zip')).toBeNull();
    expect((await patch(zip.id, { name: 'Postcode' })).status).toBe(400);
    expect((await patch(zip.id, { pattern: 'zip' })).status).toBe(400);
    expect(
      (
        await callRoute(deleteRoute, {
          as: DEMO.owner,
          method: 'DELETE',
          params: { workspaceId: ws, matcherId: zip.id },
        })
      ).status,
    ).toBe(400);
    await patch(zip.id, { enabled: true, color: 'yellow' });
  });
});

describe('custom matchers', () => {
  it('creates key/value, exact/regex/preset matchers, each audited, and the classifier uses them', async () => {
    const a = await create({
      name: 'MRN',
      color: 'red',
      matchOn: 'key',
      type: 'exact',
      pattern: 'Medical Record Number',
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ builtIn: false, type: 'exact', pattern: 'Medical Record Number', color: 'red' });
    expect((await lastAudit('privacy.matcher_created')).changes).toMatchObject({
      name: 'MRN',
      matchOn: 'key',
      type: 'exact',
      color: 'red',
    });
    expect(
      (
        await create({
          name: 'Insurance id',
          color: 'yellow',
          matchOn: 'key',
          type: 'regex',
          pattern: '^insurance(_| )?(id|number)$',
        })
      ).status,
    ).toBe(201);
    expect(
      (await create({ name: 'Phone values', color: 'yellow', matchOn: 'value', type: 'preset', preset: 'us_phone' }))
        .status,
    ).toBe(201);
    const literal = await create({
      name: 'Test patient',
      color: 'red',
      matchOn: 'value',
      type: 'exact',
      pattern: 'John Q. Test',
    });
    expect(literal.status).toBe(201);
    expect(JSON.stringify((await lastAudit('privacy.matcher_created')).changes)).not.toContain('John Q. Test');

    const c = await loadClassifier(ws);
    expect(c.colorForKey('medicalRecordNumber')).toMatchObject({ color: 'red', matcher: { name: 'MRN' } });
    expect(c.colorForKey('insurance_id')?.color).toBe('yellow');
    expect(c.colorForKey('insurance_ids')).toBeNull(); // regex anchored by the user; nothing fuzzy
    expect(c.classifyLeaf('properties.contact', 'contact', '(415) 555-2671')?.color).toBe('yellow');
    expect(c.classifyLeaf('properties.who', 'who', 'John Q. Test')?.color).toBe('red');
    expect(c.classifyLeaf('properties.who', 'who', 'John Q Test')).toBeNull();
  });

  it('rejects unsafe or invalid regexes, unknown presets and bad combinations with clear 400s', async () => {
    const cases: [unknown, RegExp][] = [
      [
        { name: 'Bad 1', color: 'red', matchOn: 'value', type: 'regex', pattern: '(a+)+$' },
        /catastrophic backtracking/,
      ],
      [{ name: 'Bad 2', color: 'red', matchOn: 'key', type: 'regex', pattern: '([a-z' }, /Invalid regular expression/],
      [{ name: 'Bad 3', color: 'red', matchOn: 'key', type: 'regex', pattern: 'a'.repeat(201) }, /at most 200/],
      [{ name: 'Bad 4', color: 'red', matchOn: 'value', type: 'preset', preset: 'passport' }, /Unknown value pattern/],
      [{ name: 'Bad 5', color: 'red', matchOn: 'key', type: 'preset', preset: 'ssn' }, /Match on/],
      [{ name: 'Bad 6', color: 'green', matchOn: 'key', type: 'exact', pattern: 'x' }, /Red or Yellow/],
      [{ name: 'Bad 7', color: 'red', matchOn: 'key', type: 'exact', pattern: '___' }, /letter or digit/],
      [{ name: 'Bad 8', color: 'red', matchOn: 'key', type: 'similar', pattern: 'x' }, /exact, regex or preset/],
      [{ name: '', color: 'red', matchOn: 'key', type: 'exact', pattern: 'x' }, /Symbol name is required/],
    ];
    for (const [body, message] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('refuses names of built-ins and duplicates (409)', async () => {
    expect((await create({ name: 'email', color: 'red', matchOn: 'key', type: 'exact', pattern: 'x' })).status).toBe(
      409,
    );
    expect((await create({ name: 'mrn', color: 'red', matchOn: 'key', type: 'exact', pattern: 'x' })).status).toBe(409);
  });

  it('edits and deletes a custom matcher (audited); other roles 403, other tenants 404', async () => {
    const mrn = (await list()).custom.find((m) => m.name === 'MRN')!;
    expect((await patch(mrn.id, { type: 'regex', pattern: '(a*)*' })).body.error.message).toMatch(
      /catastrophic backtracking/,
    );
    expect((await patch(mrn.id, { color: 'green' })).status).toBe(400);
    const res = await patch(mrn.id, { type: 'regex', pattern: '^mrn$', color: 'yellow' });
    expect(res.body).toMatchObject({ type: 'regex', pattern: '^mrn$', color: 'yellow' });
    expect((await lastAudit('privacy.matcher_modified')).changes).toMatchObject({
      builtIn: false,
      before: { type: 'exact', color: 'red' },
      after: { type: 'regex', pattern: '^mrn$' },
    });
    for (const as of [DEMO.member, DEMO.compliance]) {
      expect((await patch(mrn.id, { color: 'red' }, as)).status).toBe(403);
      expect(
        (await create({ name: 'Nope', color: 'red', matchOn: 'key', type: 'exact', pattern: 'x' }, as)).status,
      ).toBe(403);
      expect(
        (await callRoute(deleteRoute, { as, method: 'DELETE', params: { workspaceId: ws, matcherId: mrn.id } })).status,
      ).toBe(403);
    }
    expect((await patch(mrn.id, { color: 'red' }, DEMO.otherOwner)).status).toBe(404);
    const foreign = await db.current.prisma.matcher.create({
      data: { workspaceId: other, name: 'Foreign', matchOn: 'key', mode: 'exact', pattern: 'x', color: 'red' },
    });
    expect((await patch(foreign.id, { color: 'yellow' })).status).toBe(404);
    expect(
      (
        await callRoute(deleteRoute, {
          as: DEMO.owner,
          method: 'DELETE',
          params: { workspaceId: ws, matcherId: foreign.id },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(deleteRoute, {
          as: DEMO.owner,
          method: 'DELETE',
          params: { workspaceId: ws, matcherId: mrn.id },
        })
      ).status,
    ).toBe(200);
    expect((await lastAudit('privacy.matcher_deleted')).targetId).toBe(mrn.id);
    expect((await loadClassifier(ws)).colorForKey('mrn')).toBeNull();
  });

  it(`allows at most ${MAX_CUSTOM_MATCHERS} custom matchers, even when requests race`, async () => {
    const existing = (await list()).custom.length;
    const rows = Array.from({ length: MAX_CUSTOM_MATCHERS - existing - 2 }, (_, i) => ({
      workspaceId: ws,
      name: `Bulk ${i}`,
      matchOn: 'key' as const,
      mode: 'exact' as const,
      pattern: `bulk ${i}`,
      color: 'yellow' as const,
    }));
    await db.current.prisma.matcher.createMany({ data: rows });
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        create({ name: `Race ${i}`, color: 'red', matchOn: 'key', type: 'exact', pattern: `race ${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.message).toMatch(/already has 100 custom matchers/);
    expect(await db.current.prisma.matcher.count({ where: { workspaceId: ws, builtIn: false } })).toBe(
      MAX_CUSTOM_MATCHERS,
    );
    await db.current.prisma.matcher.deleteMany({ where: { workspaceId: ws, name: { startsWith: 'Bulk ' } } });
  });
});

describe('synonyms', () => {
  it('maps extra keys to a key matcher (audited) and refuses clashes', async () => {
    const email = (await list()).builtIn.find((m) => m.name === 'Email')!;
    const res = await callRoute<{ id: string; normalizedKey: string } & Err>(createSynonymRoute, {
      as: DEMO.owner,
      method: 'POST',
      params: { workspaceId: ws },
      body: { matcherId: email.id, key: 'patient_email' },
    });
    expect(res.status).toBe(201);
    expect(res.body.normalizedKey).toBe('patient email');
    expect((await lastAudit('privacy.synonym_created')).changes).toEqual({
      matcher: 'Email',
      synonym: 'patient_email',
      normalizedKey: 'patient email',
    });
    expect((await loadClassifier(ws)).colorForKey('PatientEmail')).toMatchObject({ matcher: { name: 'Email' } });
    expect((await list()).builtIn.find((m) => m.name === 'Email')!.synonyms).toEqual([
      expect.objectContaining({ key: 'patient_email' }),
    ]);

    const phone = (await list()).builtIn.find((m) => m.name === 'Phone')!;
    const post = (body: unknown, as: string = DEMO.owner) =>
      callRoute<Err>(createSynonymRoute, { as, method: 'POST', params: { workspaceId: ws }, body });
    expect((await post({ matcherId: phone.id, key: 'patient-email' })).body.error.message).toMatch(
      /already a synonym of Email/,
    );
    expect((await post({ matcherId: phone.id, key: 'E-Mail' })).body.error.message).toMatch(/built-in matcher Email/);
    expect((await post({ matcherId: phone.id, key: '--' })).status).toBe(400);
    const valueMatcher = (await list()).custom.find((m) => m.matchOn === 'value')!;
    expect((await post({ matcherId: valueMatcher.id, key: 'contact' })).body.error.message).toMatch(/matches values/);
    expect((await post({ matcherId: phone.id, key: 'x' }, DEMO.member)).status).toBe(403);
    const foreign = await db.current.prisma.matcher.create({
      data: {
        workspaceId: other,
        name: 'Foreign key matcher',
        matchOn: 'key',
        mode: 'exact',
        pattern: 'y',
        color: 'red',
      },
    });
    expect((await post({ matcherId: foreign.id, key: 'x' })).status).toBe(404);

    expect(
      (
        await callRoute(deleteSynonymRoute, {
          as: DEMO.member,
          method: 'DELETE',
          params: { workspaceId: ws, synonymId: res.body.id },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(deleteSynonymRoute, {
          as: DEMO.otherOwner,
          method: 'DELETE',
          params: { workspaceId: ws, synonymId: res.body.id },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await callRoute(deleteSynonymRoute, {
          as: DEMO.owner,
          method: 'DELETE',
          params: { workspaceId: ws, synonymId: res.body.id },
        })
      ).status,
    ).toBe(200);
    expect((await lastAudit('privacy.synonym_deleted')).changes).toMatchObject({ synonym: 'patient_email' });
    expect((await loadClassifier(ws)).colorForKey('PatientEmail')).toBeNull();
  });
});
