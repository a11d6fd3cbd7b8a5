// The health evaluator: runs beside the delivery loop (every HEALTH_EVAL_INTERVAL_MS, 30 s by
// default, and after each cron run), never on the per-attempt path, so the drain rate does not
// depend on it. Each change of state is made once (a conditional update: of several instances, one
// wins) and is what alerts hang off: at most one alert per webhook per change.
import type { DbOrTx } from "@/db/client";
import { changeHealthState, listHealthCandidates } from "@/db/queries/endpoint-health";
import { raiseAlert } from "@/lib/alerts/raise";
import { log } from "@/lib/log";
import { pauseWebhookAutomatically } from "@/lib/webhooks/auto-pause";
import { decideHealth, healthSettings, type HealthSettings, type HealthState } from "./endpoint-health";

export type HealthChange = {
  accountId: string;
  webhookId: string;
  webhookName: string;
  url: string;
  from: HealthState;
  to: HealthState;
  reason: string;
  at: Date;
};

type ChangeListener = (db: DbOrTx, change: HealthChange) => Promise<void>;
const listeners = new Set<ChangeListener>();

/** Called after each change of state is recorded (alerts subscribe here). */
export function onHealthChange(listener: ChangeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const toDate = (value: Date | string | null) => (value === null ? null : new Date(value));

export async function evaluateEndpointHealth(
  db: DbOrTx,
  options: { now?: Date; settings?: HealthSettings; accountId?: string } = {},
): Promise<HealthChange[]> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? healthSettings();
  const rows = await listHealthCandidates(db, {
    now,
    latestCount: settings.consecutiveFailures,
    rateWindowMs: settings.rateWindowMs,
    lookbackMs: settings.disableAfterMs + settings.rateWindowMs,
    accountId: options.accountId,
  });
  const changes: HealthChange[] = [];
  for (const row of rows) {
    const latest = row.latest ?? [];
    const decision = decideHealth(
      {
        state: row.health_state,
        since: toDate(row.health_since),
        latest,
        windowAttempts: Number(row.window_attempts),
        windowSuccesses: Number(row.window_successes),
        streakStartedAt: toDate(row.streak_started_at),
        latestIsSuccess: latest.length > 0 ? latest[0] : null,
      },
      now,
      settings,
    );
    if (decision.state === row.health_state) continue;
    const isChanged = await changeHealthState(db, { webhookId: row.id, from: row.health_state, to: decision.state, reason: decision.reason, now });
    if (!isChanged) continue;
    const change: HealthChange = {
      accountId: row.account_id,
      webhookId: row.id,
      webhookName: row.name,
      url: row.url,
      from: row.health_state,
      to: decision.state,
      reason: decision.reason,
      at: now,
    };
    changes.push(change);
    log.info({ component: "health", webhook_id: row.id, from: change.from, to: change.to, reason: change.reason }, "endpoint health changed");
    if (change.to === "disabled") {
      await pauseWebhookAutomatically(db, { accountId: row.account_id, webhookId: row.id }, decision.reason, now);
    }
    if (change.to !== "healthy") {
      await raiseAlert(db, {
        accountId: change.accountId,
        webhookId: change.webhookId,
        type: `endpoint.${change.to}`,
        text: `Webhook "${change.webhookName}" is ${change.to}: ${change.reason}`,
        data: { webhook_id: change.webhookId, webhook_name: change.webhookName, url: change.url, state: change.to, previous_state: change.from, reason: change.reason, since: now.toISOString() },
        dedupeKey: `health:${change.webhookId}:${change.to}:${now.toISOString()}`,
      }).catch((error) => log.error({ component: "health", err: error, webhook_id: row.id }, "raising a health alert failed"));
    }
    for (const listener of listeners) {
      await listener(db, change).catch((error) => log.error({ component: "health", err: error, webhook_id: row.id }, "a health change listener failed"));
    }
  }
  return changes;
}
