// The hourly `event.exhausted` digest: one alert per team per hour listing how many events gave up in
// the hour before (their 48 hours of retries ended), rather than one alert per event. Evaluated beside
// endpoint health; the query runs once per hour per process, and the dedupe key (the hour) keeps
// instances from sending it twice.
import type { DbOrTx } from "@/db/client";
import { countEventsExhaustedBetween } from "@/db/queries/alerts";
import { RETRY_WINDOW_MS } from "@/lib/delivery/retry-policy";
import { log } from "@/lib/log";
import { raiseAlert } from "./raise";
import { HOUR_MS } from "@/lib/time";

const digestState = globalThis as unknown as { hooklineExhaustedDigestHour?: number };

/** Raises the digest for the hour before `now`'s hour; returns how many teams were told. */
export async function evaluateExhaustedDigest(db: DbOrTx, options: { now?: Date; accountId?: string } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const hourStart = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  // Production calls this every 30 s: once the hour is done here, the next call waits for the next hour.
  if (!options.now && digestState.hooklineExhaustedDigestHour === hourStart) return 0;
  const gaveUpTo = hourStart;
  const gaveUpFrom = hourStart - HOUR_MS;
  const teams = await countEventsExhaustedBetween(db, {
    firstFailedFrom: new Date(gaveUpFrom - RETRY_WINDOW_MS),
    firstFailedTo: new Date(gaveUpTo - RETRY_WINDOW_MS),
    accountId: options.accountId,
  });
  if (!options.now) digestState.hooklineExhaustedDigestHour = hourStart;
  let raised = 0;
  for (const team of teams) {
    try {
      const deliveries = await raiseAlert(db, {
        accountId: team.account_id,
        webhookId: team.webhook_ids.length === 1 ? team.webhook_ids[0] : null,
        type: "event.exhausted",
        text: `${team.events} event${team.events === 1 ? "" : "s"} gave up in the last hour: ${team.events === 1 ? "its" : "their"} 48 hours of retries are over; only a resend delivers ${team.events === 1 ? "it" : "them"}`,
        data: { events: team.events, webhook_ids: team.webhook_ids, from: new Date(gaveUpFrom).toISOString(), to: new Date(gaveUpTo).toISOString() },
        dedupeKey: `event.exhausted:${new Date(hourStart).toISOString()}`,
      });
      if (deliveries) raised += 1;
    } catch (error) {
      log.warn({ component: "alerts", err: error, account_id: team.account_id }, "raising the exhausted digest failed");
    }
  }
  return raised;
}
