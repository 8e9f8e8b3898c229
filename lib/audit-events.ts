// Every audit event type, in one typed list. Keys are stable codes stored in the
// database; values are display names in Segment's style: Title Case "Object Verb-ed".
export const AUDIT_EVENTS = {
  // Authentication and sessions
  'auth.signed_in': 'User Signed In',
  'auth.sign_in_failed': 'User Sign In Failed',
  'auth.signed_out': 'User Signed Out',
  'auth.session_timed_out': 'User Session Timed Out',
  'auth.session_expired': 'User Session Expired',
  'auth.account_locked': 'User Account Locked',
  'auth.password_changed': 'User Password Changed',
  'auth.mfa_enrolled': 'User MFA Enrolled',
  'auth.mfa_reenrolled': 'User MFA Re-enrolled',
  'auth.mfa_disabled': 'User MFA Disabled',
  'auth.reauthenticated': 'User Reauthenticated',
  // Members
  'member.invited': 'User Invite Sent',
  'member.invite_accepted': 'User Invite Accepted',
  'member.invite_revoked': 'User Invite Deleted',
  'member.role_changed': 'Member Role Changed',
  'member.pii_access_changed': 'Member PII Access Changed',
  'member.removed': 'User Removed',
  // Workspace
  'workspace.created': 'Workspace Created',
  'workspace.renamed': 'Workspace Renamed',
  'workspace.settings_modified': 'Workspace Settings Modified',
  'workspace.baa_recorded': 'Workspace BAA Recorded',
  'workspace.baa_revoked': 'Workspace BAA Revoked',
  // Sources
  'source.created': 'Source Created',
  'source.modified': 'Source Modified',
  'source.enabled': 'Source Enabled',
  'source.disabled': 'Source Disabled',
  'source.deleted': 'Source Deleted',
  'source.write_key_rotated': 'Source Write Key Rotated',
  'source.blocking_modified': 'Source Privacy Controls Modified',
  'source_debugger.viewed': 'Source Debugger Viewed',
  'source_debugger.raw_viewed': 'Source Debugger Raw Viewed',
  // Destinations
  'destination.created': 'Destination Created',
  'destination.modified': 'Destination Modified',
  'destination.enabled': 'Destination Enabled',
  'destination.disabled': 'Destination Disabled',
  'destination.deleted': 'Destination Deleted',
  'destination.settings_viewed': 'Destination Settings Viewed',
  'destination.consent_modified': 'Destination Consent Modified',
  'destination.baa_override_modified': 'Destination BAA Status Modified',
  'destination.encryption_viewed': 'Destination Encryption Settings Viewed',
  'destination.encryption_enabled': 'Destination Encryption Enabled',
  'destination.encryption_keys_regenerated': 'Destination Encryption Keys Regenerated',
  'destination.encryption_fields_modified': 'Destination Encryption Fields Modified',
  'destination.encryption_disabled': 'Destination Encryption Disabled',
  'destination.hashing_enabled': 'Destination Hashing Enabled',
  'destination.hashing_modified': 'Destination Hashing Modified',
  'destination.hashing_disabled': 'Destination Hashing Disabled',
  'destination.hash_secret_rotated': 'Destination Hash Secret Rotated',
  'destination.preview_viewed': 'Destination Preview Viewed',
  'destination.delivery_viewed': 'Event Delivery Details Viewed',
  'destination.delivery_replayed': 'Event Delivery Replayed',
  // Functions
  'function.created': 'Function Created',
  'function.modified': 'Function Modified',
  'function.code_saved': 'Function Version Saved',
  'function.deployed': 'Function Deployed',
  'function.deleted': 'Function Deleted',
  'function.tested': 'Function Test Run',
  'function.connected': 'Function Connected',
  'function.disconnected': 'Function Disconnected',
  // Privacy Portal
  'privacy.inbox_viewed': 'Privacy Inbox Viewed',
  'privacy.inventory_viewed': 'Privacy Inventory Viewed',
  'privacy.samples_viewed': 'Privacy Sample Values Viewed',
  'privacy.inventory_exported': 'Privacy Inventory Exported',
  'privacy.field_classified': 'Field Classification Modified',
  'privacy.matcher_created': 'Custom Matcher Created',
  'privacy.matcher_modified': 'Matcher Modified',
  'privacy.matcher_deleted': 'Custom Matcher Deleted',
  'privacy.synonym_created': 'Matcher Synonym Created',
  'privacy.synonym_deleted': 'Matcher Synonym Deleted',
  // Audit log
  'audit.viewed': 'Audit Log Viewed',
  'audit.exported': 'Audit Log Exported',
  'audit.verified': 'Audit Log Verified',
  'audit.checkpoint_signed': 'Audit Log Checkpoint Signed',
} as const;

export type AuditEventType = keyof typeof AUDIT_EVENTS;

export function auditDisplayName(type: string): string {
  return (AUDIT_EVENTS as Record<string, string>)[type] ?? type;
}
