// What a webhook edit did, as audit entries: the settings that changed (each from → to, the URL
// included), pausing or enabling, archiving or restoring. An edit that changes nothing records nothing.
import type { NewWebhook, Webhook } from "@/db/schema";
import type { AuditEntryInput } from "@/lib/audit/record";

const EDITABLE = {
  name: "name",
  url: "url",
  searchId: "search_id",
  description: "description",
  listeningStartTime: "listening_start_time",
  triggerOncePerCompany: "trigger_once_per_company",
} as const;

type Values = Partial<Pick<NewWebhook, keyof typeof EDITABLE | "isActive" | "isArchived">>;

const comparable = (value: unknown) => (value instanceof Date ? value.toISOString() : (value ?? null));

export function webhookChangeEntries(before: Webhook, values: Values): AuditEntryInput[] {
  const target = { type: "webhook" as const, id: before.id, name: values.name ?? before.name };
  const entries: AuditEntryInput[] = [];
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, name] of Object.entries(EDITABLE) as [keyof typeof EDITABLE, string][]) {
    const next = values[field];
    if (next === undefined) continue;
    const from = comparable(before[field]);
    const to = comparable(next);
    if (from !== to) changes[name] = { from, to };
  }
  if (Object.keys(changes).length > 0) entries.push({ action: "webhook.updated", target, details: { changes } });
  if (values.isActive !== undefined && values.isActive !== before.isActive) {
    entries.push({ action: values.isActive ? "webhook.enabled" : "webhook.paused", target });
  }
  if (values.isArchived !== undefined && values.isArchived !== before.isArchived) {
    entries.push({ action: values.isArchived ? "webhook.archived" : "webhook.restored", target });
  }
  return entries;
}
