import "server-only";
// Attempts that belong to no scheduled delivery: test sends (with or without a saved webhook), and
// what an event's request is rebuilt from. Scheduled and manual attempts are written with their
// event in db/queries/delivery.ts.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { query, type DbOrTx } from "../client";
import { attempts, type NewAttempt } from "../schema";

export async function insertAttempts(db: DbOrTx, rows: NewAttempt[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(attempts).values(rows);
}

export type EventRequestSource = {
  id: string;
  webhook_id: string;
  type: "job" | "company";
  detected_at: Date | string;
  /** The record as JSON text, exactly as the claim reads it (db/queries/delivery.ts). */
  data: string;
};

/** What an event's request body is built from, read the way a delivery claim reads it; undefined when not the account's. */
export async function findEventRequestSource(db: DbOrTx, accountId: string, eventId: string): Promise<EventRequestSource | undefined> {
  const [row] = await query<EventRequestSource>(
    db,
    sql`
      select e.id, e.webhook_id, e.type, e.detected_at, coalesce(j.data, co.data)::text as data
      from events e
      left join jobs j on j.id = e.job_id
      left join companies co on co.id = e.company_id
      where e.account_id = ${accountId}::uuid and e.id = ${eventId}::uuid`,
  );
  return row;
}

export type TestSendRow = {
  id: number;
  url: string;
  startedAt: Date;
  durationMs: number;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  isSuccess: boolean;
};

/** A webhook's latest test sends, newest first (attempts_test_sends_idx: never walks its deliveries). */
export async function listWebhookTestSends(
  db: DbOrTx,
  { accountId, webhookId, limit }: { accountId: string; webhookId: string; limit: number },
): Promise<TestSendRow[]> {
  return db
    .select({
      id: attempts.id,
      url: attempts.url,
      startedAt: attempts.startedAt,
      durationMs: attempts.durationMs,
      responseStatus: attempts.responseStatus,
      responseHeaders: attempts.responseHeaders,
      responseBody: attempts.responseBody,
      errorCode: attempts.errorCode,
      errorMessage: attempts.errorMessage,
      isSuccess: attempts.isSuccess,
    })
    .from(attempts)
    .where(and(eq(attempts.webhookId, webhookId), isNull(attempts.eventId), eq(attempts.accountId, accountId), eq(attempts.trigger, "test")))
    .orderBy(desc(attempts.startedAt), desc(attempts.id))
    .limit(limit);
}
