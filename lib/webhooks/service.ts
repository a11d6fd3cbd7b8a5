// Webhooks (SPEC §1, §3): create, edit, enable/disable, archive, rotate. Every change that can widen
// what a webhook watches re-runs its detection in the same transaction, under the account lock;
// enabling also catches up its own not_triggered events. Pausing or archiving parks its due events
// and enabling or restoring resumes them (db/queries/event-parking.ts), in the same transaction.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { lockAccountCredits } from "@/db/queries/accounts";
import { parkWebhookEvents, resumeParkedWebhookEvents } from "@/db/queries/event-parking";
import { getSearch } from "@/db/queries/searches";
import {
  getWebhookWithSearchType,
  insertWebhook,
  listWebhooksWithSearch,
  lockWebhook,
  updateWebhookRow,
  type WebhookWithSearch,
} from "@/db/queries/webhooks";
import type { NewWebhook } from "@/db/schema";
import { conflict, fieldError, notFound } from "@/lib/errors";
import { recordAudit, type AuditWho } from "@/lib/audit/record";
import { RETRY_WINDOW_MS } from "@/lib/delivery/retry-policy";
import { wakeDelivery } from "@/lib/delivery/wake";
import { catchUpLocked } from "@/lib/credits/service";
import { detectForWebhookLocked } from "@/lib/matching/detect";
import type { MatchingOptions } from "@/lib/matching/ingest";
import { DEFAULT_SECRET_GRACE_HOURS, MAX_SECRET_GRACE_HOURS, type WebhookCreateInput, type WebhookUpdateInput } from "@/lib/validation/webhook";
import { webhookChangeEntries } from "./audit";
import { assertWebhookDestination, type DestinationSettings } from "@/lib/validation/webhook-destination";
import { generateWebhookSecret } from "./secret";
import { openWebhookSecret, sealWebhookSecret } from "./secret-box";
import { HOUR_MS } from "@/lib/time";

export type { WebhookWithSearch };
export type WebhookDetection = { events_triggered: number; events_not_triggered: number };
/** `audit`: who asks (a route's or action's workspace); the change is recorded in its transaction. */
/** `destination`: where a new URL may lead (default: ALLOW_PRIVATE_URLS and DELIVERY_ALLOWED_PORTS). */
export type WebhookChangeOptions = MatchingOptions & { audit?: AuditWho; destination?: DestinationSettings };

const NO_DETECTION: WebhookDetection = { events_triggered: 0, events_not_triggered: 0 };


const uuidParam = z.uuid();


function assertUuid(id: string): void {
  if (!uuidParam.safeParse(id).success) throw notFound("Webhook");
}

async function searchTypeFor(tx: DbOrTx, accountId: string, searchId: string): Promise<"job" | "company"> {
  const search = uuidParam.safeParse(searchId).success ? await getSearch(tx, accountId, searchId) : undefined;
  if (!search) throw fieldError("search_id", "Choose one of your saved searches");
  return search.type;
}

function assertOncePerCompanyAllowed(type: "job" | "company", isOncePerCompany: boolean): void {
  if (isOncePerCompany && type !== "job") {
    throw fieldError("trigger_once_per_company", "Only job webhooks can trigger once per company");
  }
}

async function reload(tx: DbOrTx, accountId: string, id: string): Promise<WebhookWithSearch> {
  const webhook = await getWebhookWithSearchType(tx, accountId, id);
  if (!webhook) throw notFound("Webhook");
  return webhook;
}

/** Detection for a (possibly just changed) webhook, plus catch-up of its own events when enabled. */
async function detectLocked(
  tx: DbOrTx,
  accountId: string,
  webhookId: string,
  credits: number,
  now: Date,
  isCatchUp: boolean,
): Promise<WebhookDetection> {
  let left = credits;
  let caughtUp = 0;
  if (isCatchUp) {
    // What it had already detected is older than what it missed while paused: it goes first.
    const triggered = await catchUpLocked(tx, {
      accountId,
      scope: { webhookId, requireMatch: true },
      credits: left,
      now,
      reason: `catch-up of webhook ${webhookId}`,
    });
    caughtUp = triggered.length;
    left -= caughtUp;
  }
  const detection = await detectForWebhookLocked(tx, accountId, webhookId, left, now);
  return { events_triggered: detection.events_triggered + caughtUp, events_not_triggered: detection.events_not_triggered };
}

export async function createWebhook(
  db: DbOrTx,
  accountId: string,
  input: WebhookCreateInput,
  options: WebhookChangeOptions = {},
): Promise<{ webhook: WebhookWithSearch; secret: string; detection: WebhookDetection }> {
  const now = options.now ?? new Date();
  // Before the transaction: a DNS lookup must not hold the account's lock.
  await assertWebhookDestination(input.url, options.destination);
  const result = await db.transaction(async (tx) => {
    const credits = await lockAccountCredits(tx, accountId);
    const type = await searchTypeFor(tx, accountId, input.search_id);
    assertOncePerCompanyAllowed(type, input.trigger_once_per_company);
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const created = await insertWebhook(tx, {
      id,
      accountId,
      searchId: input.search_id,
      name: input.name,
      url: input.url,
      description: input.description,
      isActive: input.is_active,
      listeningStartTime: input.listening_start_time === undefined ? now : input.listening_start_time,
      triggerOncePerCompany: input.trigger_once_per_company,
      secret: sealWebhookSecret(secret, id),
      pausedAt: input.is_active ? null : now,
      createdAt: now,
      updatedAt: now,
    });
    const detection = created.isActive ? await detectLocked(tx, accountId, created.id, credits, now, false) : NO_DETECTION;
    if (options.audit) {
      await recordAudit(tx, options.audit, {
        action: "webhook.created",
        target: { type: "webhook", id: created.id, name: created.name },
        details: { url: created.url, search_id: created.searchId, is_active: created.isActive },
      });
    }
    return { webhook: await reload(tx, accountId, created.id), secret, detection };
  });
  // Committed: detection's events go to delivery now.
  wakeDelivery();
  return result;
}

/**
 * Applies an edit. Detection re-runs when the edit can change what the webhook matches (search,
 * listening start, once per company) or turns it back on (SPEC §3: "when a webhook is … enabled or
 * edited"); turning it on also catches up its not_triggered events.
 */
export async function updateWebhook(
  db: DbOrTx,
  accountId: string,
  id: string,
  input: WebhookUpdateInput & { is_archived?: boolean },
  options: WebhookChangeOptions = {},
): Promise<{ webhook: WebhookWithSearch; detection: WebhookDetection }> {
  assertUuid(id);
  const now = options.now ?? new Date();
  if (input.url !== undefined) {
    // Only a new URL is checked: a setting changed since the webhook was saved must not block renaming it.
    const current = await getWebhookWithSearchType(db, accountId, id);
    if (!current) throw notFound("Webhook");
    if (current.url !== input.url) await assertWebhookDestination(input.url, options.destination);
  }
  const result = await db.transaction(async (tx) => {
    const credits = await lockAccountCredits(tx, accountId);
    const existing = await lockWebhook(tx, accountId, id);
    if (!existing) throw notFound("Webhook");
    // An archived webhook is read-only: only restoring it (possibly with other changes) is accepted.
    const changesOtherThanArchiving = Object.entries(input).some(([key, value]) => key !== "is_archived" && value !== undefined);
    if (existing.isArchived && input.is_archived !== false && changesOtherThanArchiving) {
      throw conflict("This webhook is archived and cannot be changed; restore it first.");
    }
    const searchId = input.search_id ?? existing.searchId;
    const type = await searchTypeFor(tx, accountId, searchId);
    assertOncePerCompanyAllowed(type, input.trigger_once_per_company ?? existing.triggerOncePerCompany);

    const values: Partial<NewWebhook> = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.url !== undefined) values.url = input.url;
    if (input.search_id !== undefined) values.searchId = input.search_id;
    if (input.description !== undefined) values.description = input.description;
    if (input.listening_start_time !== undefined) values.listeningStartTime = input.listening_start_time;
    if (input.trigger_once_per_company !== undefined) values.triggerOncePerCompany = input.trigger_once_per_company;
    if (input.is_archived !== undefined) values.isArchived = input.is_archived;
    if (input.is_active !== undefined && input.is_active !== existing.isActive) {
      values.isActive = input.is_active;
      values.pausedAt = input.is_active ? null : now;
      // A person's pause has no reason shown; enabling clears an automatic pause's ("endpoint gone").
      values.pausedReason = null;
      if (input.is_active) {
        // Its health starts afresh: attempts before the re-enable no longer count (a disabled
        // endpoint's five days without a success would disable it again at once).
        values.healthBaselineAt = now;
        if (existing.healthState === "disabled") {
          values.healthState = "healthy";
          values.healthSince = now;
          values.healthReason = "enabled again";
        }
      }
    }
    await updateWebhookRow(tx, { accountId, id, values });
    if (options.audit) await recordAudit(tx, options.audit, ...webhookChangeEntries(existing, values));

    const wasLive = existing.isActive && !existing.isArchived;
    const isActive = values.isActive ?? existing.isActive;
    const isArchived = values.isArchived ?? existing.isArchived;
    const isLive = isActive && !isArchived;
    // Pausing takes its due events out of the delivery index so they never hold up other webhooks'
    // claims; going live again makes them due now (in_progress ones, and failed ones whose 48-hour
    // window is still open — the window itself is not extended).
    if (wasLive && !isLive) await parkWebhookEvents(tx, { accountId, webhookId: id, now });
    if (!wasLive && isLive) {
      await resumeParkedWebhookEvents(tx, { accountId, webhookId: id, now, retryWindowStart: new Date(now.getTime() - RETRY_WINDOW_MS) });
    }
    // A new name, URL or description cannot make a record match: only these edits re-run detection.
    const changesMatching =
      values.searchId !== undefined || values.listeningStartTime !== undefined || values.triggerOncePerCompany !== undefined;
    const detection = isLive && (!wasLive || changesMatching) ? await detectLocked(tx, accountId, id, credits, now, !wasLive) : NO_DETECTION;
    return { webhook: await reload(tx, accountId, id), detection };
  });
  // Committed: events detected or resumed go to delivery now.
  wakeDelivery();
  return result;
}

/** Pauses or enables a webhook; enabling triggers what it missed while paused (credits permitting). */
export async function setWebhookActive(
  db: DbOrTx,
  accountId: string,
  id: string,
  isActive: boolean,
  options: WebhookChangeOptions = {},
): Promise<{ webhook: WebhookWithSearch; detection: WebhookDetection }> {
  return updateWebhook(db, accountId, id, { is_active: isActive }, options);
}

/** Archives (or, with `isArchived: false`, restores) a webhook. Archived webhooks never match. */
export async function archiveWebhook(
  db: DbOrTx,
  accountId: string,
  id: string,
  isArchived = true,
  options: WebhookChangeOptions = {},
): Promise<{ webhook: WebhookWithSearch; detection: WebhookDetection }> {
  return updateWebhook(db, accountId, id, { is_archived: isArchived }, options);
}

export { DEFAULT_SECRET_GRACE_HOURS, MAX_SECRET_GRACE_HOURS };

export async function rotateWebhookSecret(
  db: DbOrTx,
  accountId: string,
  id: string,
  options: { audit?: AuditWho; graceHours?: number; now?: Date } = {},
): Promise<{ secret: string; webhook: WebhookWithSearch }> {
  assertUuid(id);
  const graceHours = options.graceHours ?? DEFAULT_SECRET_GRACE_HOURS;
  if (!Number.isFinite(graceHours) || graceHours < 0 || graceHours > MAX_SECRET_GRACE_HOURS) {
    const message = `Between 0 and ${MAX_SECRET_GRACE_HOURS} hours`;
    throw fieldError("grace_period_hours", message);
  }
  const now = options.now ?? new Date();
  const secret = generateWebhookSecret();
  return db.transaction(async (tx) => {
    const existing = await lockWebhook(tx, accountId, id);
    if (!existing) throw notFound("Webhook");
    // The old secret stays sealed as it was; with no grace period it stops at once.
    const updated = await updateWebhookRow(tx, {
      accountId,
      id,
      values: {
        secret: sealWebhookSecret(secret, id),
        previousSecret: graceHours > 0 ? existing.secret : null,
        previousSecretExpiresAt: graceHours > 0 ? new Date(now.getTime() + graceHours * HOUR_MS) : null,
      },
    });
    if (!updated) throw notFound("Webhook");
    if (options.audit) {
      await recordAudit(tx, options.audit, {
        action: "webhook.secret_rotated",
        target: { type: "webhook", id, name: updated.name },
        details: { grace_period_hours: graceHours },
      });
    }
    return { secret, webhook: await reload(tx, accountId, id) };
  });
}

/** The webhook's signing secret in clear (Reveal and Copy on the details page), with the webhook. */
export async function revealWebhookSecret(db: DbOrTx, accountId: string, id: string): Promise<{ secret: string; webhook: WebhookWithSearch }> {
  const webhook = await getWebhook(db, accountId, id);
  return { secret: openWebhookSecret(webhook.secret, webhook.id), webhook };
}

/** The webhook with its search's type and name; `secret` is as stored (encrypted: see revealWebhookSecret). */
export async function getWebhook(db: DbOrTx, accountId: string, id: string): Promise<WebhookWithSearch> {
  assertUuid(id);
  return reload(db, accountId, id);
}

export async function listWebhooks(
  db: DbOrTx,
  accountId: string,
  options: { isArchived?: boolean } = {},
): Promise<WebhookWithSearch[]> {
  return listWebhooksWithSearch(db, accountId, options);
}
