import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb, DEFAULT_ACCOUNT_ID } from "@/db/client";
import { getAccount } from "@/db/queries/accounts";

export default async function UsagePage() {
  await connection();
  const db = await getDb();
  const account = await getAccount(db, DEFAULT_ACCOUNT_ID);
  return (
    <>
      <PageHeader title="Usage" description="Webhook events by status and by webhook, and your API credits." />
      <section aria-labelledby="events-heading" className="mb-8">
        <h2 id="events-heading" className="mb-3 text-lg font-medium">
          Webhooks events
        </h2>
        <EmptyState title="No webhook events yet">
          Events appear here as soon as a webhook&apos;s saved search matches new records.
        </EmptyState>
      </section>
      <section aria-labelledby="credits-heading">
        <h2 id="credits-heading" className="mb-3 text-lg font-medium">
          Credits
        </h2>
        <p className="text-sm text-slate-700">
          Balance: <strong data-testid="credit-balance">{account?.credits ?? 0}</strong> credits
        </p>
      </section>
    </>
  );
}
