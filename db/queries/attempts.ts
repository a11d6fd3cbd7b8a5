import "server-only";
// Attempts that belong to no scheduled delivery: test sends (with or without a saved webhook).
// Scheduled and manual attempts are written with their event in db/queries/delivery.ts.
import type { DbOrTx } from "../client";
import { attempts, type NewAttempt } from "../schema";

export async function insertAttempts(db: DbOrTx, rows: NewAttempt[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(attempts).values(rows);
}
