// Webhooks as the API and the forms accept them (SPEC §1). Whether `search_id` is one of the
// account's searches is checked by lib/webhooks/service.ts, which answers with the same field path.
import { z } from "zod";
import { dateTimeSchema } from "./dates";

export const MAX_WEBHOOK_URL_LENGTH = 2048;

const INVALID_URL = "Enter a valid http(s) URL, such as https://example.com/hooks";
// \s covers every Unicode space; Cc the C0 and C1 controls; Cf the invisible ones (zero-width
// spaces, bidirectional overrides) that make a URL read differently from where it goes.
const SPACE_OR_CONTROL = /[\s\p{Cc}\p{Cf}]/u;

/**
 * Why a webhook URL cannot be used, in words for the person who typed it, or null. Only what the
 * text itself shows; where it leads (a private address, a port) is lib/validation/webhook-destination.ts.
 */
export function webhookUrlProblem(value: string): string | null {
  if (value.length === 0) return "Enter the URL that receives the events";
  if (value.length > MAX_WEBHOOK_URL_LENGTH) return `At most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  if (SPACE_OR_CONTROL.test(value)) return "Enter a valid http(s) URL: it must not contain spaces or control characters";
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "http" && scheme !== "https") {
    return `Enter a valid http(s) URL: ${scheme}: URLs cannot receive webhooks, only http:// and https://`;
  }
  // The WHATWG parser forgives "https:host" and backslashes for slashes; a URL others read the same way does not need that.
  if (!/^https?:\/\/[^/\\?#]/i.test(value) || value.includes("\\")) return INVALID_URL;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return INVALID_URL;
  }
  const authority = value.slice(value.indexOf("//") + 2).split(/[/?#]/, 1)[0];
  if (authority.includes("@") || parsed.username || parsed.password) {
    return "Enter a valid http(s) URL without a user name or password (user:pass@); put a token in the path or query instead";
  }
  if (parsed.hostname === "" || parsed.port === "0") return INVALID_URL;
  return null;
}

export const webhookUrlSchema = z
  .string("Expected a URL")
  .trim()
  .max(MAX_WEBHOOK_URL_LENGTH, { message: `At most ${MAX_WEBHOOK_URL_LENGTH} characters`, abort: true })
  .superRefine((value, ctx) => {
    const problem = webhookUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, abort: true });
  })
  .meta({ format: "uri", description: "http:// or https://, without spaces or user:pass@" });

const name = z.string("Expected text").trim().min(1, "Give the webhook a name").max(200, "At most 200 characters");
const description = z.string("Expected text").trim().max(2000, "At most 2000 characters");
const searchId = z.uuid("Choose one of your saved searches");

/** null = every record the search matches, whenever discovered. */
const listeningStartTime = dateTimeSchema.nullable();

export const webhookCreateSchema = z.object({
  name,
  url: webhookUrlSchema,
  search_id: searchId,
  description: description.optional().default(""),
  is_active: z.boolean("Expected true or false").optional().default(true),
  /** Absent: the creation time. */
  listening_start_time: listeningStartTime.optional(),
  trigger_once_per_company: z.boolean("Expected true or false").optional().default(false),
});
/** What lib/webhooks/service.ts takes: the schema's parsed output. */
export type WebhookCreateInput = z.output<typeof webhookCreateSchema>;
/** What a client sends (JSON body or form values before parsing). */
export type WebhookCreateBody = z.input<typeof webhookCreateSchema>;

export const webhookUpdateSchema = z
  .strictObject({
    name: name.optional(),
    url: webhookUrlSchema.optional(),
    search_id: searchId.optional(),
    description: description.optional(),
    is_active: z.boolean("Expected true or false").optional(),
    listening_start_time: listeningStartTime.optional(),
    trigger_once_per_company: z.boolean("Expected true or false").optional(),
  });
export type WebhookUpdateInput = z.output<typeof webhookUpdateSchema>;
export type WebhookUpdateBody = z.input<typeof webhookUpdateSchema>;

export const webhookStatusSchema = z.object({ is_active: z.boolean("Expected true or false") });
export const webhookArchiveSchema = z.preprocess(
  (v) => v ?? {},
  z.object({ is_archived: z.boolean("Expected true or false").optional().default(true) }),
);


/** How long the old secret keeps signing after a rotation: 24 h by default, 0 (at once) to 7 days. */
export const DEFAULT_SECRET_GRACE_HOURS = 24;
export const MAX_SECRET_GRACE_HOURS = 7 * 24;
/** A rotation's grace period in hours (the API's body and the details page's dialog). */
export const secretGraceHoursSchema = z
  .number("Expected a number of hours")
  .min(0, "At least 0")
  .max(MAX_SECRET_GRACE_HOURS, `At most ${MAX_SECRET_GRACE_HOURS} (7 days)`);
