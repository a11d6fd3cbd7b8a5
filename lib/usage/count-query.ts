// The query string of GET /api/v1/webhooks/events/count, read into a count filter. Pure: the
// clock is passed in.
import { z } from "zod";
import { MAX_RANGE_DAYS, parseDateTimeInput } from "./range";
import { addDays, DAY_MS, isValidTimeZone, localDateOf, startOfLocalDay } from "./time-zone";

export const DEFAULT_RANGE_DAYS = 30;

export const countQuerySchema = z.object({
  start_datetime: z.string().optional(),
  end_datetime: z.string().optional(),
  timezone: z
    .string()
    .default("UTC")
    .refine(isValidTimeZone, "Expected an IANA time zone name such as UTC or America/New_York"),
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

export type CountQueryIssue = { path: string; message: string };

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
    const parsed = parseDateTimeInput(input.end_datetime, timeZone);
    if (!parsed) return { ok: false, issue: { path: "end_datetime", message: "Expected an ISO 8601 date or datetime" } };
    end = parsed;
  }
  let start: Date;
  if (input.start_datetime !== undefined) {
    const parsed = parseDateTimeInput(input.start_datetime, timeZone);
    if (!parsed) return { ok: false, issue: { path: "start_datetime", message: "Expected an ISO 8601 date or datetime" } };
    start = parsed;
  } else {
    const lastDay = localDateOf(new Date(end.getTime() - 1), timeZone);
    start = startOfLocalDay(addDays(lastDay, -(DEFAULT_RANGE_DAYS - 1)), timeZone);
  }
  if (end <= start) {
    const message = input.end_datetime === undefined ? "Must be after start_datetime (end_datetime defaults to now)" : "Must be after start_datetime";
    return { ok: false, issue: { path: "end_datetime", message } };
  }
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    return { ok: false, issue: { path: "end_datetime", message: `The range covers at most ${MAX_RANGE_DAYS} days` } };
  }
  return { ok: true, query: { start, end, timeZone, groupBy: input.group_by, webhookId: input.webhook_id } };
}
