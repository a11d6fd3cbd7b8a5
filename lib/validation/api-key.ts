// Creating an API key: a name and an optional lifetime in days (the form offers a few).
import { z } from "zod";

export const API_KEY_EXPIRY_CHOICES = [
  { value: "", label: "Never" },
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
] as const;

export const MAX_API_KEY_LIFETIME_DAYS = 3650;

export const createApiKeySchema = z.object({
  name: z.string("Expected text").trim().min(1, "Give the key a name").max(100, "At most 100 characters"),
  expires_in_days: z.preprocess(
    (value) => (value === "" || value === "never" || value === undefined ? null : value),
    z.coerce
      .number("Expected a number of days")
      .int("Expected a whole number of days")
      .min(1, "At least 1 day")
      .max(MAX_API_KEY_LIFETIME_DAYS, `At most ${MAX_API_KEY_LIFETIME_DAYS} days`)
      .nullable(),
  ),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const revokeApiKeySchema = z.object({ key_id: z.uuid("Unknown key") });
