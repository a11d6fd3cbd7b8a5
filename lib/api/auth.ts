// Bearer API keys: looked up by sha256, compared in constant time by construction (hash equality in SQL
// on a fixed-length digest leaks nothing useful about the key).
import { getDb } from "@/db/client";
import { findApiKeyByHash } from "@/db/queries/api-keys";
import { hashApiKey } from "@/lib/api-keys";
import { unauthorized } from "./errors";

export async function authenticateRequest(request: Request): Promise<{ accountId: string }> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized();
  const db = await getDb();
  const key = await findApiKeyByHash(db, hashApiKey(match[1]));
  if (!key) throw unauthorized();
  return { accountId: key.accountId };
}
