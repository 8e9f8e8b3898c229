import 'server-only';
// The PHI registry (issue #4): every route handler and page declares whether it
// is a PHI-bearing read and which audit event it writes. Two tests hold it true:
// tests/audit/registry-coverage.test.ts fails when a route or page exists without
// an entry (or an entry without its file), and tests/audit/registry-reads.test.ts
// calls every PHI-bearing read and checks it writes exactly one row of its event.
//
// Keys: "<METHOD> <url path>" for route handlers, "PAGE <url path>" for pages,
// with route groups like (console) left out.
import type { AuditEventType } from '@/lib/audit-events';

export type RouteAudit =
  /** Returns PHI: writes exactly one row of `event` per request, committed before the data. */
  | { kind: 'phi-read'; event: AuditEventType }
  /** Changes something (or is an audited action): one row of one of `events`, in the same transaction. */
  | { kind: 'audited'; events: readonly AuditEventType[] }
  /** Writes no audit row, and says why that is safe. */
  | { kind: 'none'; why: string };

const phiRead = (event: AuditEventType): RouteAudit => ({ kind: 'phi-read', event });
const audited = (...events: AuditEventType[]): RouteAudit => ({ kind: 'audited', events });
const none = (why: string): RouteAudit => ({ kind: 'none', why });

const NO_PHI_LIST = 'names, ids and settings summaries only; no PHI values';
const SHELL = 'page shell; its data comes from the audited API routes';
const TRACKING = 'tracking API (write-key auth): ingests events, is not a console access to PHI';
const WS = '/api/workspaces/[workspaceId]';
const DEST = `${WS}/destinations/[destinationId]`;
const PRIV = `${WS}/privacy`;

export const PHI_REGISTRY: Readonly<Record<string, RouteAudit>> = {
  // Audit log: the log itself holds end user ids and IPs.
  [`GET ${WS}/audit`]: phiRead('audit.viewed'),
  [`GET ${WS}/audit/export`]: phiRead('audit.exported'),
  [`POST ${WS}/audit/verify`]: audited('audit.verified'),

  // Destinations: settings and the Data Encryption tab are PHI-bearing screens.
  [`GET ${WS}/destinations`]: none(NO_PHI_LIST),
  [`POST ${WS}/destinations`]: audited('destination.created', 'destination.encryption_enabled'),
  [`GET ${DEST}`]: phiRead('destination.settings_viewed'),
  [`PATCH ${DEST}`]: audited('destination.modified'),
  [`DELETE ${DEST}`]: audited('destination.deleted'),
  [`PUT ${DEST}/baa-override`]: audited('destination.baa_override_modified'),
  [`PUT ${DEST}/consent`]: audited('destination.consent_modified'),
  [`GET ${DEST}/encryption`]: phiRead('destination.encryption_viewed'),
  [`PUT ${DEST}/encryption`]: audited('destination.encryption_enabled', 'destination.encryption_fields_modified', 'destination.encryption_keys_regenerated'),
  [`DELETE ${DEST}/encryption`]: audited('destination.encryption_disabled'),
  [`PUT ${DEST}/hashing`]: audited('destination.hashing_enabled', 'destination.hashing_modified'),
  [`DELETE ${DEST}/hashing`]: audited('destination.hashing_disabled'),
  [`POST ${DEST}/hashing/secret`]: audited('destination.hash_secret_rotated'),
  [`POST ${DEST}/preview`]: phiRead('destination.preview_viewed'),
  [`GET ${DEST}/delivery`]: none('delivery counts, queue and attempt status; no event contents'),
  [`GET ${DEST}/delivery/[deliveryId]`]: phiRead('destination.delivery_viewed'),
  [`POST ${DEST}/delivery/replay`]: audited('destination.delivery_replayed'),
  [`GET ${WS}/blast-radius`]: none('counts of fields and destinations; no PHI values'),
  [`GET ${WS}/protection-fields`]: none('field key paths only; no PHI values'),

  // Privacy Portal: sample values are PHI; field names and classifications are not.
  [`GET ${PRIV}/controls`]: none('workspace privacy switches only'),
  [`PUT ${PRIV}/quarantine`]: audited('workspace.settings_modified'),
  [`GET ${PRIV}/inbox`]: none('field names and classifications; sample values only via POST privacy/samples'),
  [`POST ${PRIV}/inbox/seen`]: none('moves this user\'s own "seen" marker; changes no workspace data'),
  [`POST ${PRIV}/samples`]: phiRead('privacy.samples_viewed'),
  [`GET ${PRIV}/inventory`]: none('field names and classifications; sample values only via POST privacy/samples'),
  [`GET ${PRIV}/inventory/export`]: phiRead('privacy.inventory_exported'),
  [`GET ${PRIV}/fields/[fieldId]`]: none('where a field is seen and which destinations get it; no values'),
  [`PUT ${PRIV}/fields/[fieldId]/classification`]: audited('privacy.field_classified'),
  [`GET ${PRIV}/matchers`]: none('matcher definitions; no PHI values'),
  [`POST ${PRIV}/matchers`]: audited('privacy.matcher_created'),
  [`PATCH ${PRIV}/matchers/[matcherId]`]: audited('privacy.matcher_modified'),
  [`DELETE ${PRIV}/matchers/[matcherId]`]: audited('privacy.matcher_deleted'),
  [`POST ${PRIV}/synonyms`]: audited('privacy.synonym_created'),
  [`DELETE ${PRIV}/synonyms/[synonymId]`]: audited('privacy.synonym_deleted'),

  // Sources.
  [`GET ${WS}/sources`]: none(NO_PHI_LIST),
  [`POST ${WS}/sources`]: audited('source.created'),
  [`GET ${WS}/sources/[sourceId]`]: none('source settings and the write key prefix; no PHI values'),
  [`PATCH ${WS}/sources/[sourceId]`]: audited('source.modified', 'source.enabled', 'source.disabled'),
  [`DELETE ${WS}/sources/[sourceId]`]: audited('source.deleted', 'destination.deleted'),
  [`GET ${WS}/sources/[sourceId]/debugger`]: none('event names and times only; payloads through the audited event views'),
  // Unmasked (PII access) viewers; a masked Pretty view carries no PHI and writes no row.
  [`GET ${WS}/sources/[sourceId]/debugger/[eventId]`]: phiRead('source_debugger.viewed'),
  [`GET ${WS}/sources/[sourceId]/debugger/[eventId]/raw`]: phiRead('source_debugger.raw_viewed'),
  [`PUT ${WS}/sources/[sourceId]/blocking`]: audited('source.blocking_modified'),
  [`POST ${WS}/sources/[sourceId]/write-key`]: audited('source.write_key_rotated'),

  // Workspace, members, security.
  ['POST /api/workspaces']: audited('workspace.created'),
  [`PATCH ${WS}`]: audited('workspace.renamed', 'workspace.settings_modified'),
  [`PATCH ${WS}/security`]: audited('workspace.settings_modified'),
  [`GET ${WS}/baa`]: none('BAA status; no PHI'),
  [`POST ${WS}/baa`]: audited('workspace.baa_recorded'),
  [`DELETE ${WS}/baa`]: audited('workspace.baa_revoked'),
  [`GET ${WS}/members`]: none('the workforce member list; no end-user PHI'),
  [`POST ${WS}/members`]: audited('member.invited'),
  [`PATCH ${WS}/members/[memberId]`]: audited('member.role_changed', 'member.pii_access_changed'),
  [`DELETE ${WS}/members/[memberId]`]: audited('member.removed'),
  [`DELETE ${WS}/invites/[inviteId]`]: audited('member.invite_revoked'),

  // Account and session.
  ['GET /api/auth/[...nextauth]']: none('next-auth CSRF token and provider list'),
  ['POST /api/auth/[...nextauth]']: audited('auth.signed_in', 'auth.sign_in_failed', 'auth.account_locked'),
  ['GET /api/account/mfa']: none('the signed-in user\'s own MFA state'),
  ['POST /api/account/mfa']: audited('auth.mfa_enrolled', 'auth.mfa_disabled'),
  ['POST /api/invites/accept']: audited('member.invite_accepted'),
  ['POST /api/session/logout']: audited('auth.signed_out'),
  ['POST /api/session/reauth']: audited('auth.reauthenticated'),
  ['POST /api/session/activity']: none('idle-timer heartbeat; no data'),
  ['GET /api/session/status']: none('the caller\'s own session expiry'),
  ['GET /api/health']: none('liveness probe'),

  // Tracking API.
  ['POST /v1/track']: none(TRACKING),
  ['POST /v1/identify']: none(TRACKING),
  ['POST /v1/page']: none(TRACKING),
  ['POST /v1/screen']: none(TRACKING),
  ['POST /v1/group']: none(TRACKING),
  ['POST /v1/alias']: none(TRACKING),
  ['POST /v1/batch']: none(TRACKING),
  ['POST /v1/import']: none(TRACKING),

  // Pages. A page that renders PHI on the server must call auditedRead and be a phi-read here.
  ['PAGE /']: none('redirects to the first workspace'),
  ['PAGE /login']: none('sign-in form'),
  ['PAGE /invite/[token]']: none('invite acceptance form'),
  ['PAGE /account/security']: none('the signed-in user\'s own MFA settings'),
  ['PAGE /workspaces/new']: none('workspace creation form'),
  ['PAGE /w/[workspaceId]/overview']: none('workspace summary counts; no PHI values'),
  ['PAGE /w/[workspaceId]/audit']: none(SHELL),
  ['PAGE /w/[workspaceId]/destinations']: none(NO_PHI_LIST),
  ['PAGE /w/[workspaceId]/destinations/catalog']: none('the static destination catalog'),
  ['PAGE /w/[workspaceId]/destinations/catalog/[catalogId]']: none('a catalog entry and the source picker'),
  ['PAGE /w/[workspaceId]/destinations/catalog/[catalogId]/setup']: none('the setup form; settings are saved through the audited API'),
  ['PAGE /w/[workspaceId]/destinations/[destinationId]']: none('redirects to the Settings tab'),
  ['PAGE /w/[workspaceId]/destinations/[destinationId]/settings']: phiRead('destination.settings_viewed'),
  ['PAGE /w/[workspaceId]/destinations/[destinationId]/encryption']: phiRead('destination.encryption_viewed'),
  ['PAGE /w/[workspaceId]/destinations/[destinationId]/consent']: none('consent categories; no PHI values'),
  ['PAGE /w/[workspaceId]/destinations/[destinationId]/delivery']: none('delivery counts by status; no event contents'),
  ['PAGE /w/[workspaceId]/destinations/[destinationId]/preview']: none(SHELL),
  ['PAGE /w/[workspaceId]/privacy/controls']: none(SHELL),
  ['PAGE /w/[workspaceId]/privacy/detection']: none(SHELL),
  ['PAGE /w/[workspaceId]/privacy/inventory']: none(SHELL),
  ['PAGE /w/[workspaceId]/privacy']: none('Privacy Portal summary counts; no PHI values'),
  ['PAGE /w/[workspaceId]/settings']: none('workspace name, BAA status and security switches'),
  ['PAGE /w/[workspaceId]/settings/members']: none(SHELL),
  ['PAGE /w/[workspaceId]/settings/security']: none('session and MFA policy text'),
  ['PAGE /w/[workspaceId]/sources']: none(NO_PHI_LIST),
  ['PAGE /w/[workspaceId]/sources/[sourceId]']: none('source overview; no PHI values'),
  ['PAGE /w/[workspaceId]/sources/[sourceId]/debugger']: none(SHELL),
  ['PAGE /w/[workspaceId]/sources/[sourceId]/settings']: none('source settings form; saved through the audited API'),
};
