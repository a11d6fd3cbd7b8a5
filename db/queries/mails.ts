import "server-only";
import { desc } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { mails, type Mail } from "../schema";

export async function insertMail(db: DbOrTx, values: Omit<typeof mails.$inferInsert, "id" | "createdAt">): Promise<void> {
  await db.insert(mails).values(values);
}

export async function listRecentMails(db: DbOrTx, limit = 50): Promise<Mail[]> {
  return db.select().from(mails).orderBy(desc(mails.id)).limit(limit);
}
