import "server-only";
// Stored signing secrets in bulk, for the start-up encryption step and the re-encryption command.
// Every replacement is conditional on the value read, so two instances (or a command and a rotate)
// running at once never overwrite each other: the later write finds the value changed and skips it.
import { sql } from "drizzle-orm";
import { query, type DbOrTx } from "../client";

export type StoredSecretRow = { id: string; secret: string };

/** A page of webhooks' stored secrets in id order, after `afterId`; `onlyPlaintext` skips encrypted ones. */
export async function listStoredSecrets(
  db: DbOrTx,
  options: { afterId: string | null; limit: number; onlyPlaintext: boolean },
): Promise<StoredSecretRow[]> {
  return query<StoredSecretRow>(
    db,
    sql`select id::text as id, secret from webhooks
        where (${options.afterId}::uuid is null or id > ${options.afterId}::uuid)
          ${options.onlyPlaintext ? sql`and secret not like 'enc:%'` : sql``}
        order by id
        limit ${options.limit}`,
  );
}

/** Replaces each secret whose stored value is still `from`; answers how many were replaced. */
export async function replaceStoredSecrets(
  db: DbOrTx,
  rows: ReadonlyArray<{ id: string; from: string; to: string }>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const [result] = await query<{ n: number }>(
    db,
    sql`with replaced as (
          update webhooks w set secret = x."to"
          from json_to_recordset(${JSON.stringify(rows)}::json) as x(id uuid, "from" text, "to" text)
          where w.id = x.id and w.secret = x."from"
          returning 1
        )
        select count(*)::int as n from replaced`,
  );
  return Number(result?.n ?? 0);
}

/** How many stored secrets are plaintext, and how many are encrypted under each key id. */
export async function countStoredSecretsByKey(db: DbOrTx): Promise<Array<{ key_id: string | null; n: number }>> {
  return query<{ key_id: string | null; n: number }>(
    db,
    sql`select case when secret like 'enc:v1:%' then split_part(secret, ':', 3) end as key_id, count(*)::int as n
        from webhooks group by 1 order by 1 nulls first`,
  );
}
