// Reading the audit log, the same for the Audit log page and GET /api/v1/audit-log.
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { listAuditEntries } from "@/db/queries/audit-log";
import type { AuditLogEntry } from "@/db/schema";
import type { auditEntryResponseSchema, auditPageResponseSchema } from "@/lib/api/schemas/audit";
import type { AuditLogQuery } from "@/lib/validation/audit";

/** lib/api/schemas/audit.ts: the response test parses real answers with it. */
export type AuditEntryView = z.output<typeof auditEntryResponseSchema>;

export function serializeAuditEntry(entry: AuditLogEntry): AuditEntryView {
  return {
    id: String(entry.id),
    created_at: entry.createdAt.toISOString(),
    action: entry.action,
    actor: { type: entry.actorType, id: entry.actorId, name: entry.actorName, email: entry.actorEmail },
    ip: entry.ip,
    target: entry.targetType ? { type: entry.targetType, id: entry.targetId, name: entry.targetName } : null,
    details: (entry.details ?? {}) as Record<string, unknown>,
  };
}

/** A page of a team's entries, newest first, and the cursor of the next (older) page. */
export async function readAuditLog(db: DbOrTx, accountId: string, query: AuditLogQuery): Promise<z.output<typeof auditPageResponseSchema>> {
  const { entries, hasMore } = await listAuditEntries(
    db,
    {
      accountId,
      filter: { actorId: query.actorId, action: query.action, from: query.from, to: query.to },
      page: { limit: query.limit, beforeId: query.beforeId },
    },
  );
  const last = entries.at(-1);
  return { data: entries.map(serializeAuditEntry), next_cursor: hasMore && last ? String(last.id) : null };
}
