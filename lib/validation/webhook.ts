// Webhooks as the API and the forms accept them (SPEC §1). Whether `search_id` is one of the
// account's searches is checked by lib/webhooks/service.ts, which answers with the same field path.
import { z } from "zod";
import { dateTimeSchema } from "./dates";

export const webhookUrlSchema = z
  .string("Expected a URL")
  .trim()
  .min(1, "Enter the URL that receives the events")
  .max(2048, "At most 2048 characters")
  .pipe(z.url({ protocol: /^https?$/, message: "url must be an http:// or https:// URL" }));

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

