// POST /api/v1/webhooks/test: how the endpoint answered a signed sample event (lib/delivery/test-event.ts).
import { z } from "zod";
import { count } from "./common";

export const testEventResponseSchema = z.strictObject({
  ok: z.boolean(),
  status_code: z.int().nullable(),
  message: z.string(),
  duration_ms: count,
  error_code: z.string().nullable(),
  response_body: z.string().nullable().meta({ description: "The endpoint's answer (its first 4 KiB), or null without one" }),
  response_headers: z
    .record(z.string(), z.string())
    .nullable()
    .meta({ description: "The endpoint's response headers: lower-case names, at most 50, each value cut to 1 KiB; null without a response" }),
});
