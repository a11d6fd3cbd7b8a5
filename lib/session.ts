// The dashboard is single-tenant for now: pages and server actions act as the default account.
// Every query still takes an explicit accountId, so adding sign-in changes only this function.
import { DEFAULT_ACCOUNT_ID } from "@/db/client";

export async function getCurrentAccountId(): Promise<string> {
  return DEFAULT_ACCOUNT_ID;
}
