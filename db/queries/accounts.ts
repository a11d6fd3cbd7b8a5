import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { accounts, creditTransactions, type Account } from "../schema";

export async function getAccount(db: DbOrTx, accountId: string): Promise<Account | undefined> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  return account;
}

/**
 * Locks the account row for the rest of the transaction: detection and top-ups serialize on it.
 * NO KEY UPDATE rather than UPDATE, so inserts that only reference the account (attempts, records of
 * other work) are not blocked by a long detection.
 */
export async function lockAccountCredits(tx: DbOrTx, accountId: string): Promise<number> {
  const [row] = await tx
    .select({ credits: accounts.credits })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for("no key update");
  if (!row) throw new Error(`account ${accountId} not found`);
  return row.credits;
}

type DebitCreditsParams = {
  accountId: string;
  amount: number;
  reason: string;
};

/** Debits `amount` credits; the CHECK constraint refuses a negative balance whatever races. */
export async function debitCredits(tx: DbOrTx, { accountId, amount, reason }: DebitCreditsParams): Promise<void> {
  if (amount <= 0) return;
  await tx
    .update(accounts)
    .set({ credits: sql`${accounts.credits} - ${amount}` })
    .where(eq(accounts.id, accountId));
  await tx.insert(creditTransactions).values({ accountId, amount: -amount, reason });
}

type AddCreditsParams = {
  accountId: string;
  amount: number;
  reason: string;
};

export async function addCredits(tx: DbOrTx, { accountId, amount, reason }: AddCreditsParams): Promise<number> {
  const [row] = await tx
    .update(accounts)
    .set({ credits: sql`${accounts.credits} + ${amount}` })
    .where(eq(accounts.id, accountId))
    .returning({ credits: accounts.credits });
  await tx.insert(creditTransactions).values({ accountId, amount, reason });
  return row.credits;
}

/** The current balance, or undefined for an unknown account. */
export async function getAccountCredits(db: DbOrTx, accountId: string): Promise<number | undefined> {
  const [row] = await db.select({ credits: accounts.credits }).from(accounts).where(eq(accounts.id, accountId));
  return row?.credits;
}
