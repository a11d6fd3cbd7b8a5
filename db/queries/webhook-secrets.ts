import "server-only";
// Stored signing secrets in bulk, for the start-up encryption step and the re-encryption command.
// Every replacement is conditional on the value read, so two instances (or a command and a rotate)
// running at once never overwrite each other: the later write finds the value changed and skips it.
import { sql } from "drizzle-orm";
import { query, type DbOrTx } from "../client";

export type StoredSecretRow = { id: string; secret: string };

/**
 * Where a signing secret is stored: the webhook's secret, or the one it replaced during a rotation's
 * overlap (read only while the overlap lasts; an expired one is never read again, so it is skipped).
 */
export type SecretColumn = "secret" | "previous_secret";

const column = (name: SecretColumn) => (name === "secret" ? sql`secret` : sql`previous_secret`);
const isLive = (name: SecretColumn) =>
  name === "secret" ? sql`true` : sql`previous_secret is not null and previous_secret_expires_at > now()`;

/** A page of webhooks' stored secrets in id order, after `afterId`; `onlyPlaintext` skips encrypted ones. */
export async function listStoredSecrets(
  db: DbOrTx,
  options: { afterId: string | null; limit: number; onlyPlaintext: boolean; column?: SecretColumn },
): Promise<StoredSecretRow[]> {
  const name = options.column ?? "secret";
  return query<StoredSecretRow>(
    db,
    sql`select id::text as id, ${column(name)} as secret from webhooks
        where (${options.afterId}::uuid is null or id > ${options.afterId}::uuid)
          and ${isLive(name)}
          ${options.onlyPlaintext ? sql`and ${column(name)} not like 'enc:%'` : sql``}
        order by id
        limit ${options.limit}`,
  );
}

/** Replaces each secret whose stored value is still `from`; answers how many were replaced. */
export async function replaceStoredSecrets(
  db: DbOrTx,
  rows: ReadonlyArray<{ id: string; from: string; to: string }>,
  name: SecretColumn = "secret",
): Promise<number> {
  if (rows.length === 0) return 0;
  const [result] = await query<{ n: number }>(
    db,
    sql`with replaced as (
          update webhooks w set ${column(name)} = x."to"
          from json_to_recordset(${JSON.stringify(rows)}::json) as x(id uuid, "from" text, "to" text)
          where w.id = x.id and w.${column(name)} = x."from"
          returning 1
        )
        select count(*)::int as n from replaced`,
  );
  return Number(result?.n ?? 0);
}

/** How many stored secrets (current ones, and previous ones still in their overlap) are plaintext, and how many are encrypted under each key id. */
export async function countStoredSecretsByKey(db: DbOrTx): Promise<Array<{ key_id: string | null; n: number }>> {
  return query<{ key_id: string | null; n: number }>(
    db,
    sql`select case when s like 'enc:v1:%' then split_part(s, ':', 3) end as key_id, count(*)::int as n
        from (
          select secret as s from webhooks
          union all
          select previous_secret from webhooks where ${isLive("previous_secret")}
        ) stored
        group by 1 order by 1 nulls first`,
  );
}
