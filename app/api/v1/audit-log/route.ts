// GET /api/v1/audit-log — the team's audit log, newest first (?action&actor_id&from&to&cursor&limit ≤ 100)
import { otherMethods } from "@/lib/api/methods";
import { parseQuery } from "@/lib/api/route";
import { readAuditLog } from "@/lib/audit/read";
import { withWorkspace } from "@/lib/auth/workspace";
import { auditLogQuerySchema } from "@/lib/validation/audit";

export const GET = withWorkspace(async ({ request, accountId, db }) => {
  return readAuditLog(db, accountId, parseQuery(request, auditLogQuerySchema));
}, { via: "api", permission: "audit.read" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
