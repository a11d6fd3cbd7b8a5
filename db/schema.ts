// The data model of SPEC §1. The database carries the rules: one event per webhook and record,
// one record per (account, type, external id), a credit balance that never goes negative.
import { sql, type SQLWrapper } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const recordTypeEnum = pgEnum("record_type", ["job", "company"]);
export const eventStatusEnum = pgEnum("event_status", ["in_progress", "success", "failed", "not_triggered"]);
export const attemptTriggerEnum = pgEnum("attempt_trigger", ["scheduled", "manual", "test"]);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/**
 * A team: it owns searches, webhooks, events, credits and API keys. better-auth's organization
 * plugin reads and writes this table as its "organization" model (slug, logo, metadata are its).
 */
export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    slug: text("slug")
      .notNull()
      .unique()
      .default(sql`gen_random_uuid()::text`),
    logo: text("logo"),
    metadata: text("metadata"),
    credits: bigint("credits", { mode: "number" }).notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [check("accounts_credits_non_negative", sql`${t.credits} >= 0`)],
);
export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;

// Sign-in: better-auth's core models (lib/auth/auth.ts maps each to its table). Ids are uuids as text.
export const users = pgTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull().default(false),
  image: text("image"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type User = typeof users.$inferSelect;

/** Sessions live in the database, so every instance sees a sign-out or a revoked session at once. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    token: text("token").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    // The team the person works in; the organization plugin's field.
    activeOrganizationId: text("active_account_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Credentials of a person (better-auth's "account" model: the password hash for email sign-in). */
export const authAccounts = pgTable(
  "auth_accounts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("auth_accounts_user_idx").on(t.userId)],
);

/** Password-reset tokens and other one-time values. */
export const verifications = pgTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

/** A person's membership of a team with one role: owner, admin, member or viewer (lib/auth/roles.ts). */
export const members = pgTable(
  "members",
  {
    id: text("id").primaryKey(),
    organizationId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("members_account_user_idx").on(t.organizationId, t.userId), index("members_user_idx").on(t.userId)],
);
export type Member = typeof members.$inferSelect;

export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    organizationId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role"),
    status: text("status").notNull().default("pending"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    inviterId: text("inviter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_account_idx").on(t.organizationId), index("invitations_email_idx").on(t.email)],
);
export type Invitation = typeof invitations.$inferSelect;

/**
 * Every mail the app sends, with its outcome: sent over SMTP, failed (with the error), or logged
 * (no SMTP_URL: the development outbox lists these with their link). A mail is never dropped silently.
 */
export const mails = pgTable(
  "mails",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    // Kept only for logged mails (the outbox shows it); a sent mail's link stays in the mail alone.
    link: text("link"),
    status: text("status", { enum: ["sent", "failed", "logged"] }).notNull(),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("mails_created_idx").on(t.createdAt)],
);
export type Mail = typeof mails.$inferSelect;

/**
 * A team's API keys. The key itself is shown once; only its hash, its first characters and its last
 * four are kept. Every request checks revoked_at and expires_at here, so a revoked or expired key
 * is refused at once by every instance.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // sha256 of the key: keys are random and long, so a fast hash is enough and lookups stay O(1).
    keyHash: text("key_hash").notNull(),
    prefix: text("prefix").notNull(),
    last4: text("last4").notNull().default(""),
    // Null for the environment's API_KEY (made at start-up, by no one).
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    // Written at most once a minute per key (lib/auth/api-keys.ts), so the API's hot path stays a read.
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_key_hash_idx").on(t.keyHash), index("api_keys_account_idx").on(t.accountId)],
);
export type ApiKey = typeof apiKeys.$inferSelect;

/**
 * What was done in a team, by whom (a person, or an API key by name), when and from which IP.
 * Append-only: a trigger refuses updates, and deletes of rows younger than the retention period
 * unless their team is gone (migration `api_keys_and_audit_log`). Actors and targets are
 * snapshots (no foreign keys), so an entry outlives the person, key or webhook it names.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    actorType: text("actor_type", { enum: ["user", "api_key", "system"] }).notNull(),
    // The person's user id or the key's id.
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    targetName: text("target_name"),
    ip: text("ip"),
    details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    // The log page and API: a team's entries, newest first (by id: the insertion order).
    index("audit_log_account_id_idx").on(t.accountId, t.id),
    // Retention: the oldest entries of every team.
    index("audit_log_created_idx").on(t.createdAt),
  ],
);
export type AuditLogEntry = typeof auditLog.$inferSelect;
export type NewAuditLogEntry = typeof auditLog.$inferInsert;

/** Ledger of every change to an account's balance: top-ups (+) and debits for triggered events (-). */
export const creditTransactions = pgTable(
  "credit_transactions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    amount: bigint("amount", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("credit_transactions_account_time_idx").on(t.accountId, t.createdAt)],
);
export type CreditTransaction = typeof creditTransactions.$inferSelect;

/**
 * The words event search looks in (db/queries/event-search.ts), indexed by GIN: a job's title and
 * company name, a company's name. Queries repeat these expressions exactly, so the indexes answer.
 * The 'simple' configuration lowercases words and keeps every one (no stemming, no stop words).
 */
export const jobSearchDocument = (title: SQLWrapper, companyName: SQLWrapper) =>
  sql`to_tsvector('simple'::regconfig, ${title} || ' ' || coalesce(${companyName}, ''))`;
export const companySearchDocument = (name: SQLWrapper) => sql`to_tsvector('simple'::regconfig, ${name})`;

export const jobs = pgTable(
  "jobs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    title: text("title").notNull(),
    companyName: text("company_name"),
    companyDomain: text("company_domain"),
    countryCode: text("country_code"),
    location: text("location"),
    remote: boolean("remote"),
    seniority: text("seniority"),
    minAnnualSalaryUsd: integer("min_annual_salary_usd"),
    maxAnnualSalaryUsd: integer("max_annual_salary_usd"),
    datePosted: timestamp("date_posted", { withTimezone: true }),
    url: text("url"),
    data: jsonb("data").notNull(),
    discoveredAt: timestamp("discovered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("jobs_account_external_id_idx").on(t.accountId, t.externalId),
    index("jobs_account_discovered_idx").on(t.accountId, t.discoveredAt),
    // Event search by words (db/queries/event-search.ts): the words of the title and company name.
    index("jobs_search_words_idx").using("gin", jobSearchDocument(t.title, t.companyName)),
  ],
);
export type Job = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;

export const companies = pgTable(
  "companies",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    domain: text("domain"),
    countryCode: text("country_code"),
    industry: text("industry"),
    employeeCount: integer("employee_count"),
    technologies: text("technologies").array().notNull().default(sql`'{}'::text[]`),
    data: jsonb("data").notNull(),
    discoveredAt: timestamp("discovered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("companies_account_external_id_idx").on(t.accountId, t.externalId),
    index("companies_account_discovered_idx").on(t.accountId, t.discoveredAt),
    index("companies_search_words_idx").using("gin", companySearchDocument(t.name)),
  ],
);
export type Company = typeof companies.$inferSelect;
export type NewCompany = typeof companies.$inferInsert;

export const searches = pgTable(
  "searches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: recordTypeEnum("type").notNull(),
    // Shape is lib/validation/search.ts; matching reads it in SQL (db/queries/matching.ts).
    filters: jsonb("filters").notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("searches_account_idx").on(t.accountId, t.createdAt)],
);
export type Search = typeof searches.$inferSelect;
export type NewSearch = typeof searches.$inferInsert;

export const webhooks = pgTable(
  "webhooks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    searchId: uuid("search_id")
      .notNull()
      .references(() => searches.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    isActive: boolean("is_active").notNull().default(true),
    isArchived: boolean("is_archived").notNull().default(false),
    listeningStartTime: timestamp("listening_start_time", { withTimezone: true }),
    triggerOncePerCompany: boolean("trigger_once_per_company").notNull().default(false),
    secret: text("secret").notNull(),
    // After a rotation, the secret before it keeps signing (beside the new one) until this time, so
    // receivers can switch over without dropping deliveries. Stored sealed, exactly as it was.
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    // When it was last paused: re-enabling catches up what it missed since then.
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    // Why Hookline paused it by itself ("endpoint gone": the endpoint answered 410); null when a
    // person paused it, and cleared when it is enabled again.
    pausedReason: text("paused_reason"),
    // Endpoint health (lib/health/endpoint-health.ts), kept off the delivery path by the health
    // evaluator: the state, since when, why, and the instant its attempts count from (re-enabling a
    // disabled webhook starts afresh).
    healthState: text("health_state", { enum: ["healthy", "degraded", "failing", "disabled", "recovered"] })
      .notNull()
      .default("healthy"),
    healthSince: timestamp("health_since", { withTimezone: true }),
    healthReason: text("health_reason"),
    healthBaselineAt: timestamp("health_baseline_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhooks_account_idx").on(t.accountId, t.createdAt), index("webhooks_search_idx").on(t.searchId)],
);
export type Webhook = typeof webhooks.$inferSelect;
export type NewWebhook = typeof webhooks.$inferInsert;

export const events = pgTable(
  "events",
  {
    // Time-ordered (uuid_v7(), migration `event_ids_uuid_v7`): an ingest batch appends to the pkey.
    id: uuid("id").primaryKey().default(sql`uuid_v7()`),
    // No foreign key: the webhook's (same account) already ties the event to the account, and
    // deleting an account cascades through webhooks to its events. Each key is a per-row check on
    // insert, and ingest writes ~75k events per statement.
    accountId: uuid("account_id").notNull(),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    type: recordTypeEnum("type").notNull(),
    jobId: bigint("job_id", { mode: "number" }).references(() => jobs.id, { onDelete: "cascade" }),
    companyId: bigint("company_id", { mode: "number" }).references(() => companies.id, { onDelete: "cascade" }),
    // Set only for trigger_once_per_company webhooks; its unique index makes "once" hold under races.
    companyKey: text("company_key"),
    status: eventStatusEnum("status").notNull(),
    detectedAt: timestamp("detected_at", { withTimezone: true }).notNull().defaultNow(),
    triggeredAt: timestamp("triggered_at", { withTimezone: true }),
    attemptCount: integer("attempt_count").notNull().default(0),
    // Due time for in_progress/failed events. A claim pushes it forward by the lease length, so an
    // event leased by a crashed run becomes due again when the lease ends.
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    leaseId: uuid("lease_id"),
    firstFailedAt: timestamp("first_failed_at", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastResponseStatus: integer("last_response_status"),
    lastError: text("last_error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    check("events_one_record", sql`num_nonnulls(${t.jobId}, ${t.companyId}) = 1`),
    // Partial: an event names a job or a company (events_one_record), so each row enters one of the
    // two. ON CONFLICT DO NOTHING (no target) still arbitrates on both.
    // Record first: event search finds a record's events across the team's webhooks with one lookup
    // (db/queries/event-search.ts), and new records' ids only grow, so inserts land at the right edge.
    uniqueIndex("events_job_webhook_idx").on(t.jobId, t.webhookId).where(sql`${t.jobId} is not null`),
    uniqueIndex("events_company_webhook_idx").on(t.companyId, t.webhookId).where(sql`${t.companyId} is not null`),
    uniqueIndex("events_webhook_company_key_idx")
      .on(t.webhookId, t.companyKey)
      .where(sql`${t.companyKey} is not null`),
    // The delivery claim: due events only, oldest due first.
    index("events_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('in_progress', 'failed') and ${t.nextAttemptAt} is not null`),
    // A webhook's event list, newest first, optionally by status. Both also carry the columns its
    // filters test (INCLUDE, migration `events_list_covering`: drizzle's builder has no INCLUDE), so a
    // filtered count reads the index alone.
    index("events_webhook_detected_idx").on(t.webhookId, t.detectedAt.desc(), t.id),
    index("events_webhook_status_detected_idx").on(t.webhookId, t.status, t.detectedAt.desc(), t.id),
    // Failed events by retry state (db/queries/events.ts exhaustedPredicate): with no attempt
    // scheduled (gave up, or parked while paused), and with one scheduled (the small set counted
    // for "retrying"). Successful deliveries, the drain's bulk, enter neither.
    index("events_failed_idle_idx")
      .on(t.webhookId, t.detectedAt.desc(), t.id)
      .where(sql`${t.status} = 'failed' and ${t.nextAttemptAt} is null`),
    index("events_failed_scheduled_idx")
      .on(t.webhookId, t.detectedAt.desc(), t.id)
      .where(sql`${t.status} = 'failed' and ${t.nextAttemptAt} is not null`),
    index("events_account_failed_scheduled_idx")
      .on(t.accountId, t.detectedAt)
      .where(sql`${t.status} = 'failed' and ${t.nextAttemptAt} is not null`),
    // The account-wide Events page and GET /api/v1/events: newest first (scanned backwards), by keyset.
    index("events_account_detected_idx").on(t.accountId, t.detectedAt, t.id),
    // Events whose last attempt got no response (timeouts, connection errors), newest first: the
    // "timeout" and "connection error" filters walk these instead of the whole list.
    index("events_webhook_no_response_idx")
      .on(t.webhookId, t.detectedAt.desc(), t.id)
      .where(sql`${t.lastResponseStatus} is null and ${t.lastError} is not null`),
    index("events_account_no_response_idx")
      .on(t.accountId, t.detectedAt, t.id)
      .where(sql`${t.lastResponseStatus} is null and ${t.lastError} is not null`),
    // Events whose last attempt got an HTTP error, by code: the "HTTP 418" and 4xx/5xx filters read
    // these (successful deliveries never enter them). The webhook's also carries INCLUDE (status,
    // attempt_count), in migration `events_list_covering`.
    index("events_webhook_http_error_idx")
      .on(t.webhookId, t.lastResponseStatus, t.detectedAt.desc(), t.id)
      .where(sql`${t.lastResponseStatus} >= 300`),
    index("events_account_http_error_idx")
      .on(t.accountId, t.lastResponseStatus, t.detectedAt, t.id)
      .where(sql`${t.lastResponseStatus} >= 300`),
    // Catch-up after a top-up: an account's not_triggered events, oldest first.
    index("events_not_triggered_idx")
      .on(t.accountId, t.detectedAt)
      .where(sql`${t.status} = 'not_triggered'`),
  ],
);
export type Event = typeof events.$inferSelect;
export type NewEvent = typeof events.$inferInsert;
export type EventStatus = (typeof eventStatusEnum.enumValues)[number];

export const attempts = pgTable(
  "attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    // No foreign keys to webhooks and events: attempts are an append-only log written a few hundred
    // rows per statement on the delivery path, in the statement that updates the same events, and a
    // key check there locks each event and webhook row once more (~10% of the database's work per
    // delivery). Webhooks and events are only ever deleted with their account, whose key cascades
    // here; recordDeliveryResults writes no attempt for an event that is gone.
    // Null for a test send made before a webhook is saved.
    webhookId: uuid("webhook_id"),
    eventId: uuid("event_id"),
    trigger: attemptTriggerEnum("trigger").notNull(),
    url: text("url").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    requestHeaders: jsonb("request_headers").notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    // The response's headers (lower-case names, bounded: see http-client.ts); null without a response
    // and for attempts recorded before they were kept.
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    isSuccess: boolean("is_success").notNull(),
    // Why the event's next attempt is when it is (the hourly slot and its jitter, a Retry-After, the
    // window's end): the attempt log shows it. Null after a success and for older attempts.
    nextAttemptReason: text("next_attempt_reason"),
  },
  (t) => [
    index("attempts_event_idx").on(t.eventId, t.startedAt),
    index("attempts_webhook_time_idx").on(t.webhookId, t.startedAt),
    // A webhook's test sends (its history lists them) without walking its deliveries: few rows.
    index("attempts_test_sends_idx").on(t.webhookId, t.startedAt).where(sql`${t.eventId} is null`),
  ],
);
export type Attempt = typeof attempts.$inferSelect;
export type NewAttempt = typeof attempts.$inferInsert;

/**
 * Hourly rollup of events by webhook and status, kept by triggers on `events` in the same
 * transaction as every insert and status change (migration `event_rollup_triggers`).
 * `executions` is the sum of attempt_count of the events in the bucket.
 */
export const eventRollupsHourly = pgTable(
  "event_rollups_hourly",
  {
    accountId: uuid("account_id").notNull(),
    webhookId: uuid("webhook_id").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    status: eventStatusEnum("status").notNull(),
    events: bigint("events", { mode: "number" }).notNull().default(0),
    executions: bigint("executions", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.hour, t.webhookId, t.status] }),
    index("event_rollups_webhook_hour_idx").on(t.webhookId, t.hour),
  ],
);
export type EventRollupHourly = typeof eventRollupsHourly.$inferSelect;

/** The same rollup summed over webhooks, so account-wide counts over 90 days read a few thousand rows. */
export const accountEventRollupsHourly = pgTable(
  "account_event_rollups_hourly",
  {
    accountId: uuid("account_id").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    status: eventStatusEnum("status").notNull(),
    events: bigint("events", { mode: "number" }).notNull().default(0),
    executions: bigint("executions", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.hour, t.status] })],
);
export type AccountEventRollupHourly = typeof accountEventRollupsHourly.$inferSelect;

/**
 * Events by webhook and UTC day, kept by the same triggers (migration `event_rollups_daily_triggers`).
 * Ranking an account's busiest webhooks over 90 days reads ~90 rows a webhook instead of ~3,500
 * hourly ones; status is left out because nothing that reads it needs it, and so a status change
 * that keeps attempt_count touches no row here. `events_before_hour[k]` (k = 1–24) counts the day's
 * events before UTC hour k, and the same for executions (migration `event_rollups_hour_vectors`):
 * any whole-hour piece [a, b) of the day is v[b] − v[a], so a webhook's local days in New York or
 * Paris come from these rows alone.
 */
export const eventRollupsDaily = pgTable(
  "event_rollups_daily",
  {
    accountId: uuid("account_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    webhookId: uuid("webhook_id").notNull(),
    events: bigint("events", { mode: "number" }).notNull().default(0),
    executions: bigint("executions", { mode: "number" }).notNull().default(0),
    eventsBeforeHour: bigint("events_before_hour", { mode: "number" })
      .array()
      .notNull()
      .default(sql`array_fill(0::bigint, ARRAY[24])`),
    executionsBeforeHour: bigint("executions_before_hour", { mode: "number" })
      .array()
      .notNull()
      .default(sql`array_fill(0::bigint, ARRAY[24])`),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.day, t.webhookId] }),
    index("event_rollups_daily_webhook_day_idx").on(t.webhookId, t.day),
  ],
);
export type EventRollupDaily = typeof eventRollupsDaily.$inferSelect;

/**
 * Events by webhook and UTC week (weeks start on Monday; `rollup_week_of`), kept by the same
 * triggers. Ranking the busiest webhooks over 90 days reads 12 weekly rows a webhook and at most 12
 * daily ones at the ends, not 90. Only event counts: nothing ranks by executions, so deliveries,
 * which change executions, never touch it.
 */
export const eventRollupsWeekly = pgTable(
  "event_rollups_weekly",
  {
    accountId: uuid("account_id").notNull(),
    week: date("week", { mode: "string" }).notNull(),
    webhookId: uuid("webhook_id").notNull(),
    events: bigint("events", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.week, t.webhookId] })],
);
export type EventRollupWeekly = typeof eventRollupsWeekly.$inferSelect;

/**
 * A team's alert channels (Settings → Notifications): which members get email, a Slack-compatible
 * incoming-webhook URL (`{text}` body), and an operational-events endpoint that receives Hookline's
 * own signed deliveries (its `whsec_` secret sealed like webhook secrets, lib/webhooks/secret-box.ts).
 */
export const notificationSettings = pgTable("notification_settings", {
  accountId: uuid("account_id")
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  emailUserIds: text("email_user_ids").array().notNull().default(sql`'{}'::text[]`),
  slackUrl: text("slack_url"),
  opsUrl: text("ops_url"),
  opsSecret: text("ops_secret"),
  updatedAt: updatedAt(),
});
export type NotificationSettings = typeof notificationSettings.$inferSelect;

/**
 * Every alert raised for a team, with how each channel took it. `dedupe_key` makes "at most one
 * alert per webhook per state change" a rule of the database: a second evaluator racing the first
 * inserts nothing.
 */
export const alerts = pgTable(
  "alerts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    webhookId: uuid("webhook_id"),
    type: text("type").notNull(),
    text: text("text").notNull(),
    data: jsonb("data").notNull().default(sql`'{}'::jsonb`),
    dedupeKey: text("dedupe_key").notNull(),
    // [{ channel: "email" | "slack" | "endpoint", target, status: "sent" | "failed" | "logged", error? }]
    deliveries: jsonb("deliveries").notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("alerts_dedupe_idx").on(t.accountId, t.dedupeKey), index("alerts_account_id_idx").on(t.accountId, t.id)],
);
export type Alert = typeof alerts.$inferSelect;
export const REPLAY_JOB_STATUSES = ["running", "completed", "cancelled"] as const;
export type ReplayJobStatus = (typeof REPLAY_JOB_STATUSES)[number];

/**
 * A bulk replay ("Resend all matching this filter", "Recover since <time>"), run on the server by
 * the delivery scheduler or the cron route (lib/replays/runner.ts). The failed events it replays are
 * snapshotted into replay_job_events when it is created; the runner marks them due in bounded
 * batches and reads their outcome from the events themselves. Counters are kept by the runner.
 */
export const replayJobs = pgTable(
  "replay_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["filter", "since"] }).notNull(),
    // Shape is lib/validation/event-filter.ts `EventFilterJson`.
    filter: jsonb("filter").notNull(),
    status: text("status", { enum: REPLAY_JOB_STATUSES }).notNull().default("running"),
    total: integer("total").notNull(),
    queued: integer("queued").notNull().default(0),
    delivered: integer("delivered").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    // Who started it: a snapshot, like the audit log's actor.
    createdByType: text("created_by_type", { enum: ["user", "api_key"] }).notNull(),
    createdById: text("created_by_id").notNull(),
    createdByName: text("created_by_name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    cancelledByName: text("cancelled_by_name"),
  },
  (t) => [
    index("replay_jobs_account_created_idx").on(t.accountId, t.createdAt),
    // The runner's work list: the few jobs still running.
    index("replay_jobs_running_idx").on(t.createdAt).where(sql`${t.status} = 'running'`),
  ],
);
export type ReplayJob = typeof replayJobs.$inferSelect;

export const REPLAY_EVENT_STATES = ["pending", "queued", "delivered", "failed", "skipped"] as const;

/**
 * The events of a replay job, each replayed once: `pending` until the runner marks it due
 * (`queued`, remembering its attempt count), then `delivered` or `failed` once the event has one
 * more attempt, or `skipped` (no longer failed, or gone) — each step one guarded UPDATE.
 */
export const replayJobEvents = pgTable(
  "replay_job_events",
  {
    jobId: uuid("job_id")
      .notNull()
      .references(() => replayJobs.id, { onDelete: "cascade" }),
    eventId: uuid("event_id").notNull(),
    state: text("state", { enum: REPLAY_EVENT_STATES }).notNull().default("pending"),
    attemptCountAtQueue: integer("attempt_count_at_queue"),
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    // The event's retry time before the job made it due: a cancel gives it back to events not yet sent.
    dueBeforeQueue: timestamp("due_before_queue", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.eventId] }), index("replay_job_events_state_idx").on(t.jobId, t.state)],
);

/**
 * Where each retention pass got to (lib/retention): `position` is the last key done in the table it
 * walks in key order (attempts.id for trimming response bodies), so a pass resumes there instead of
 * re-reading everything already trimmed.
 */
export const retentionCursors = pgTable("retention_cursors", {
  name: text("name").primaryKey(),
  position: bigint("position", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
