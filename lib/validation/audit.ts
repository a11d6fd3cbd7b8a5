// The audit log's filters and paging, as both the Audit log page and GET /api/v1/audit-log take
// them. Dates are UTC: `from` starts at its day's midnight; `to` as a date includes its whole day,
// as a date-time it is the exclusive end. Years outside 2000–2100 are refused as typing mistakes.
import { z } from "zod";
import { AUDIT_ACTION_NAMES } from "@/lib/audit/actions";
import { DAY_MS } from "@/lib/time";

export const AUDIT_PAGE_MAX_LIMIT = 100;
export const AUDIT_PAGE_DEFAULT_LIMIT = 50;
export const AUDIT_MIN_YEAR = 2000;
export const AUDIT_MAX_YEAR = 2100;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const RANGE_MESSAGE = `Enter a date between ${AUDIT_MIN_YEAR}-01-01 and ${AUDIT_MAX_YEAR}-12-31 (YYYY-MM-DD)`;

type Bound = { at: Date; isDateOnly: boolean };

/** "2026-11-30" or an ISO 8601 date-time with an offset, in years 2000–2100; else a message. */
export function parseAuditDate(text: string): Bound | string {
  const value = text.trim();
  const dateOnly = DATE_ONLY.exec(value);
  let at: Date;
  if (dateOnly) {
    const [year, month, day] = dateOnly.slice(1).map(Number);
    at = new Date(Date.UTC(year, month - 1, day));
    // 2026-02-30 rolls over to March: not a day of the calendar.
    if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return RANGE_MESSAGE;
  } else {
    if (value.length > 40 || !z.iso.datetime({ offset: true }).safeParse(value).success) return RANGE_MESSAGE;
    at = new Date(value);
  }
  if (Number.isNaN(at.getTime())) return RANGE_MESSAGE;
  const year = at.getUTCFullYear();
  if (year < AUDIT_MIN_YEAR || year > AUDIT_MAX_YEAR) return RANGE_MESSAGE;
  return { at, isDateOnly: Boolean(dateOnly) };
}

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const dateField = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((text, ctx) => {
      const parsed = parseAuditDate(text);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    })
    .optional(),
);

export const auditLogQuerySchema = z
  .object({
    actor_id: z.preprocess(blankToUndefined, z.string().trim().max(100, "At most 100 characters").optional()),
    action: z.preprocess(blankToUndefined, z.enum(AUDIT_ACTION_NAMES, "Unknown action").optional()),
    from: dateField,
    to: dateField,
    cursor: z.preprocess(blankToUndefined, z.string().regex(/^[1-9]\d{0,15}$/, "Expected the next_cursor of a previous page").optional()),
    limit: z.preprocess(
      blankToUndefined,
      z.coerce
        .number("Expected a number")
        .int("Expected a whole number")
        .min(1, "At least 1")
        .max(AUDIT_PAGE_MAX_LIMIT, `At most ${AUDIT_PAGE_MAX_LIMIT}`)
        .default(AUDIT_PAGE_DEFAULT_LIMIT),
    ),
  })
  .transform((query, ctx) => {
    const from = query.from?.at;
    // A date includes its whole day: the range ends at the next midnight.
    const to = query.to ? new Date(query.to.at.getTime() + (query.to.isDateOnly ? DAY_MS : 0)) : undefined;
    if (from && to && from >= to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "Must be after the start of the range" });
      return z.NEVER;
    }
    return { actorId: query.actor_id, action: query.action, from, to, beforeId: query.cursor ? Number(query.cursor) : undefined, limit: query.limit };
  });
export type AuditLogQuery = z.output<typeof auditLogQuerySchema>;
