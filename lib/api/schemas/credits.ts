// Credits and ingestion counts (lib/matching/credits.ts, lib/matching/ingest.ts).
import { z } from "zod";
import { count } from "./common";

export const creditBalanceResponseSchema = z.strictObject({ balance: count });

export const creditTopUpResponseSchema = z.strictObject({
  balance: count,
  events_triggered: count.meta({ description: "not_triggered events caught up by the new credits" }),
});

export const ingestResponseSchema = z.strictObject({
  new: count,
  duplicate: count,
  events_triggered: count,
  events_not_triggered: count,
});
