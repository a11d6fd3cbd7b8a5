// Resend (SPEC §5): a real attempt right away for each event, recorded as "manual". It costs no
// credits and never extends the 48-hour window: the schedule hangs off first_failed_at, which a
// resend never moves. The event is taken under a lease like a scheduled claim, so a resend and a
// scheduled attempt of one event never run at once.
import type { z } from "zod";
import type { resendResultResponseSchema } from "@/lib/api/schemas/replay";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { afterDeliveryResults } from "./post-results";
import { findEventLeaseStates, leaseEventsForResend, recordDeliveryResults } from "@/db/queries/delivery";
import { AppError, badRequest, conflict } from "@/lib/errors";
import { recordAudit, type AuditWho } from "@/lib/audit/record";
import { jobsFromClaim, type DeliveryJob } from "./attempt";
import type { AttemptResult } from "./attempt";
import { allowPrivateUrls, defaultLeaseMs, deliveryTimeoutMs, perHostConcurrency, perWebhookConcurrency } from "./config";
import { DeliveryDispatcher } from "./dispatcher";
import { UUID_PATTERN as UUID } from "@/db/ids";
import { MAX_RESEND_EVENTS } from "@/lib/validation/event";


export type ResendResult = z.output<typeof resendResultResponseSchema>;

export type ResendOptions = {
  /** The scheduling clock for this resend (attempt time, retry schedule). Default: now. */
  now?: Date;
  timeoutMs?: number;
  allowPrivateUrls?: boolean;
  /** Who asks: the resend is recorded in the audit log once it is done (never when refused). */
  audit?: AuditWho;
};

/** Event ids kept in one audit entry (the count is always whole). */
const AUDIT_MAX_IDS = 100;

/**
 * Makes one manual attempt per event and answers each outcome, in the order asked.
 *
 * Refused as a whole, with nothing sent: an id the account does not own (or not a uuid) → 404
 * `not_found` with `details.event_ids`; a `not_triggered` event → 409 `conflict` with
 * `details.event_ids` (trigger it first: that costs a credit); more than 1,000 ids → 400.
 * An event that another attempt holds right now is waited for (up to the timeout and a bit); if
 * still held, its current status is answered with an explanatory `error`.
 */
export async function resendEvents(
  db: Db,
  accountId: string,
  eventIds: string[],
  options: ResendOptions = {},
): Promise<ResendResult[]> {
  const ids = [...new Set(eventIds)];
  if (ids.length > MAX_RESEND_EVENTS) throw badRequest(`At most ${MAX_RESEND_EVENTS} events per resend`);
  if (ids.length === 0) return [];
  const clock = () => options.now ?? new Date();
  const malformed = ids.filter((id) => !UUID.test(id));
  const states = await findEventLeaseStates(db, { accountId, eventIds: ids.filter((id) => UUID.test(id)), now: clock() });
  const known = new Map(states.map((state) => [state.id, state]));
  const missing = [...malformed, ...ids.filter((id) => UUID.test(id) && !known.has(id))];
  if (missing.length > 0) {
    throw new AppError("not_found", `Event not found: ${missing.slice(0, 5).join(", ")}`, { event_ids: missing });
  }
  const notTriggered = states.filter((state) => state.status === "not_triggered").map((state) => state.id);
  if (notTriggered.length > 0) {
    throw conflict("Events that were never triggered cannot be resent; trigger them first (1 credit each)", {
      event_ids: notTriggered,
    });
  }

  const timeoutMs = options.timeoutMs ?? deliveryTimeoutMs();
  const leaseMs = defaultLeaseMs(timeoutMs);
  const results = new Map<string, AttemptResult>();
  const handBack: DeliveryJob[] = [];
  const dispatcher = new DeliveryDispatcher({
    now: clock,
    timeoutMs,
    allowPrivateUrls: options.allowPrivateUrls ?? allowPrivateUrls(),
    concurrency: Math.min(ids.length, 64),
    perOriginConcurrency: perHostConcurrency(),
    // A resend shares the process's slots: one webhook's resends keep to its share of the host, as its scheduled attempts do.
    perWebhookConcurrency: perWebhookConcurrency(),
    startWindowMs: timeoutMs + Math.min(5_000, leaseMs / 10),
    onResult: (result) => results.set(result.job.eventId, result),
    onExpired: (job) => handBack.push(job),
  });

  let pending = ids;
  const waitUntil = performance.now() + timeoutMs + 2_000;
  try {
    for (;;) {
      const leaseId = randomUUID();
      const leaseDeadline = performance.now() + leaseMs;
      const now = clock();
      const rows = await leaseEventsForResend(db, {
        accountId,
        eventIds: pending,
        lease: { now, leaseId, leaseUntil: new Date(now.getTime() + leaseMs) },
      });
      dispatcher.add(jobsFromClaim(rows, { leaseId, leaseDeadline, trigger: "manual" }));
      const taken = new Set(rows.map((row) => row.id));
      pending = pending.filter((id) => !taken.has(id));
      if (pending.length === 0 || performance.now() >= waitUntil) break;
      // Held by a scheduled attempt right now: its lease is released when that attempt is recorded.
      await dispatcher.waitForChange(200);
    }
    while (dispatcher.inFlight > 0 || dispatcher.queued > 0) await dispatcher.waitForChange(1_000);
  } finally {
    dispatcher.close();
  }
  const rows = [...results.values()].map((result) => result.row);
  for (let start = 0; start < rows.length; start += 500) await recordDeliveryResults(db, rows.slice(start, start + 500));
  await afterDeliveryResults(db, rows);

  const busy = new Set([...pending, ...handBack.map((job) => job.eventId)]);
  const current = busy.size > 0 ? await findEventLeaseStates(db, { accountId, eventIds: [...busy], now: clock() }) : [];
  const currentStatus = new Map(current.map((state) => [state.id, state.status]));
  const answers = ids.map((id): ResendResult => {
    const result = results.get(id);
    if (result) {
      return {
        event_id: id,
        status: result.outcome.isSuccess ? "success" : "failed",
        response_status: result.outcome.statusCode,
        error: result.outcome.errorMessage,
      };
    }
    return {
      event_id: id,
      status: currentStatus.get(id) === "success" ? "success" : "failed",
      response_status: null,
      error: "Another attempt of this event was still running; it was not resent. Try again in a moment.",
    };
  });
  if (options.audit) {
    await recordAudit(db, options.audit, {
      action: "events.resent",
      details: {
        count: ids.length,
        resent: results.size,
        succeeded: [...results.values()].filter((result) => result.outcome.isSuccess).length,
        event_ids: ids.slice(0, AUDIT_MAX_IDS),
      },
    });
  }
  return answers;
}
