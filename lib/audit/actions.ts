// What the audit log records, one name per action (the API's `action` values) with its label on
// the Audit log page. Pure data: the page's client filter reads it too.

export const AUDIT_ACTIONS = {
  "person.signed_in": "Signed in",
  "webhook.created": "Created a webhook",
  "webhook.updated": "Updated a webhook",
  "webhook.paused": "Paused a webhook",
  "webhook.enabled": "Enabled a webhook",
  "webhook.archived": "Archived a webhook",
  "webhook.restored": "Restored a webhook",
  "webhook.secret_revealed": "Revealed a signing secret",
  "webhook.secret_rotated": "Rotated a signing secret",
  "webhook.test_sent": "Sent a test event",
  "events.resent": "Resent events",
  "events.triggered": "Triggered events by hand",
  "events.replay_started": "Started a bulk replay",
  "events.replay_cancelled": "Cancelled a bulk replay",
  "credits.added": "Added credits",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "member.invited": "Invited a member",
  "member.removed": "Removed a member",
  "member.role_changed": "Changed a member's role",
  "notifications.updated": "Changed the alert channels",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export type AuditTargetType = "webhook" | "api_key" | "member" | "invitation" | "replay";
