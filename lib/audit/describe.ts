// One line per audit entry's details for the Audit log page ("url: a → b", "3 events, 2 delivered").
// Pure: unknown shapes fall back to their keys and values, so a new detail never breaks the page.
const MAX_TEXT = 300;

function text(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "boolean") return value ? "yes" : "no";
  return JSON.stringify(value);
}

function clip(line: string): string {
  return line.length > MAX_TEXT ? `${line.slice(0, MAX_TEXT - 1)}…` : line;
}

export function describeAuditDetails(action: string, details: Record<string, unknown>): string {
  const d = details ?? {};
  switch (action) {
    case "webhook.updated": {
      const changes = (d.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
      return clip(
        Object.entries(changes)
          .map(([field, change]) => `${field.replace(/_/g, " ")}: ${text(change?.from)} → ${text(change?.to)}`)
          .join("; "),
      );
    }
    case "webhook.created":
      return clip(`${text(d.url)}${d.is_active === false ? " (paused)" : ""}`);
    case "webhook.test_sent":
      return clip(`${text(d.event_type)} to ${text(d.url)}: ${d.status_code != null ? `HTTP ${text(d.status_code)}` : text(d.error_code)}`);
    case "events.resent":
      return `${text(d.count)} event${d.count === 1 ? "" : "s"}, ${text(d.succeeded)} delivered`;
    case "events.triggered":
      return `${text(d.count)} event${d.count === 1 ? "" : "s"}, ${text(d.credits_spent)} credit${d.credits_spent === 1 ? "" : "s"}`;
    case "credits.added":
      return `+${text(d.amount)} credits (balance ${text(d.balance)}, ${text(d.events_triggered)} events caught up)`;
    case "api_key.created":
      return `${text(d.prefix)}…${text(d.last4)}${d.expires_at ? `, expires ${String(d.expires_at).slice(0, 10)}` : ", never expires"}`;
    case "api_key.revoked":
      return `${text(d.prefix)}…${text(d.last4)}`;
    case "member.invited":
      return `${text(d.email)} as ${text(d.role)}`;
    case "member.removed":
      return `${text(d.email)} (was ${text(d.role)})`;
    case "member.role_changed":
      return `${text(d.email)}: ${text(d.from)} → ${text(d.to)}`;
    case "person.signed_in":
      return d.method === "sign_up" ? "on sign-up" : "with a password";
    default:
      return clip(
        Object.entries(d)
          .map(([key, value]) => `${key}: ${text(value)}`)
          .join("; "),
      );
  }
}
