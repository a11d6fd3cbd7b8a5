import "server-only";
import type { DbOrTx } from "../client";
import { companies, jobs, type NewCompany, type NewJob } from "../schema";

/**
 * Inserts the records that are new for the account; a known external id is skipped, never updated.
 * Rows are inserted in external-id order so overlapping batches take index locks in one order.
 */
export async function insertNewJobs(tx: DbOrTx, rows: NewJob[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const sorted = [...rows].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  const inserted = await tx.insert(jobs).values(sorted).onConflictDoNothing().returning({ id: jobs.id });
  return inserted.map((row) => Number(row.id));
}

export async function insertNewCompanies(tx: DbOrTx, rows: NewCompany[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const sorted = [...rows].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
  const inserted = await tx.insert(companies).values(sorted).onConflictDoNothing().returning({ id: companies.id });
  return inserted.map((row) => Number(row.id));
}

