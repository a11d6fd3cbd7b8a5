// The query string of GET /api/v1/webhooks/events/count, read into a count filter. Pure: the
// clock is passed in. Dates, zones and the range's length are checked by lib/validation/dates.ts.
import { z } from "zod";
import { checkDateTime, checkInstantRange, timeZoneSchema, type DateIssue } from "@/lib/validation/dates";
import { addDays, localDateOf, startOfLocalDay } from "./time-zone";

export const DEFAULT_RANGE_DAYS = 30;

export const countQuerySchema = z.object({
  start_datetime: z.string().optional(),
  end_datetime: z.string().optional(),
  timezone: timeZoneSchema.default("UTC"),
  webhook_id: z.uuid("Expected a webhook id (uuid)").optional(),
  group_by: z.enum(["status", "webhook_id"], "Expected status or webhook_id").default("status"),
});

export type CountQuery = {
  start: Date;
  end: Date;
  timeZone: string;
  groupBy: "status" | "webhook_id";
  webhookId?: string;
};

export type CountQueryIssue = DateIssue;

/**
 * Resolves defaults (the last 30 local days, today included, up to now) and checks the range.
 * Answers the query, or the first issue naming its field.
 */
export function resolveCountQuery(
  input: z.infer<typeof countQuerySchema>,
  now: Date,
): { ok: true; query: CountQuery } | { ok: false; issue: CountQueryIssue } {
  const timeZone = input.timezone;
  let end = now;
  if (input.end_datetime !== undefined) {
    const parsed = checkDateTime(input.end_datetime, timeZone);
    if (!parsed.ok) return { ok: false, issue: { path: "end_datetime", message: parsed.message } };
    end = parsed.value;
  }
  let start: Date;
  if (input.start_datetime !== undefined) {
    const parsed = checkDateTime(input.start_datetime, timeZone);
    if (!parsed.ok) return { ok: false, issue: { path: "start_datetime", message: parsed.message } };
    start = parsed.value;
  } else {
    const lastDay = localDateOf(new Date(end.getTime() - 1), timeZone);
    start = startOfLocalDay(addDays(lastDay, -(DEFAULT_RANGE_DAYS - 1)), timeZone);
  }
  const issue = checkInstantRange(start, end, { start: "start_datetime", end: "end_datetime" });
  if (issue) {
    const defaulted = input.end_datetime === undefined && issue.message.startsWith("Must be after");
    return { ok: false, issue: defaulted ? { ...issue, message: `${issue.message} (end_datetime defaults to now)` } : issue };
  }
  return { ok: true, query: { start, end, timeZone, groupBy: input.group_by, webhookId: input.webhook_id } };
}
