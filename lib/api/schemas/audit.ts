// An audit log entry as the Audit log page and GET /api/v1/audit-log show it (lib/audit/read.ts).
import { z } from "zod";
import { isoDateTime } from "./common";

export const auditEntryResponseSchema = z.strictObject({
  id: z.string(),
  created_at: isoDateTime,
  action: z.string().meta({ description: "What was done: one of the `action` filter's values", examples: ["webhook.updated", "webhook.secret_revealed"] }),
  actor: z
    .strictObject({ type: z.enum(["user", "api_key", "system"]), id: z.string(), name: z.string(), email: z.string().nullable() })
    .meta({ description: "Who did it: a person (user id, name, email at the time) or an API key (its id and name)" }),
  ip: z.string().nullable().meta({ description: "The client's address" }),
  target: z
    .strictObject({
      type: z.string().meta({ examples: ["webhook", "api_key", "member", "invitation"] }),
      id: z.string().nullable(),
      name: z.string().nullable(),
    })
    .nullable(),
  details: z
    .record(z.string(), z.unknown())
    .meta({ description: "What changed, e.g. {changes: {url: {from, to}}} for webhook.updated, {count, resent, succeeded} for events.resent" }),
});

export const auditPageResponseSchema = z.strictObject({
  data: z.array(auditEntryResponseSchema),
  next_cursor: z.string().nullable(),
});
