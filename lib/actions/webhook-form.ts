// The webhook form's fields (create and edit) and how they map to the webhook API's input.
import { z } from "zod";
import { webhookUrlSchema } from "@/lib/validation/webhook";

export const LISTENING_START_CHOICES = ["now", "search_start", "keep"] as const;
export type ListeningStartFormChoice = (typeof LISTENING_START_CHOICES)[number];

export const webhookFormSchema = z.object({
  name: z.string("Expected text").trim().min(1, "Give the webhook a name").max(200, "At most 200 characters"),
  url: webhookUrlSchema,
  search_id: z.uuid("Choose one of your saved searches"),
  description: z.string("Expected text").trim().max(2000, "At most 2000 characters").default(""),
  listening_start: z.enum(LISTENING_START_CHOICES, "Choose when the webhook starts listening"),
  trigger_once_per_company: z.boolean("Expected true or false").default(false),
});
export type WebhookFormValues = z.input<typeof webhookFormSchema>;
export type WebhookFormData = z.output<typeof webhookFormSchema>;

/** "now" = the save time; "search_start" = every record the search matches (null); "keep" leaves it unchanged. */
export function listeningStartTimeOf(choice: ListeningStartFormChoice, now: Date): Date | null | undefined {
  if (choice === "now") return now;
  if (choice === "search_start") return null;
  return undefined;
}
