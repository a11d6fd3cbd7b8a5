// Settings → API keys (admins and owners): the team's keys, each by name with its first and last
// characters, who made it and when, when it was last used; create one (shown once) or revoke one.
import { connection } from "next/server";
import { CreateApiKeyForm, RevokeApiKeyButton } from "@/components/api-keys/api-key-controls";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { RelativeTime } from "@/components/webhooks/relative-time";
import { listApiKeys, type ApiKeyListItem } from "@/db/queries/api-keys";
import { maskApiKey } from "@/lib/api-keys";
import { getPageWorkspace } from "@/lib/auth/page";

export const metadata = { title: "API keys · Hookline" };

function statusOf(key: ApiKeyListItem): { label: string; tone: string } {
  if (key.revokedAt) return { label: "Revoked", tone: "border-slate-200 bg-slate-100 text-slate-600" };
  if (key.isExpired) return { label: "Expired", tone: "border-amber-200 bg-amber-50 text-amber-800" };
  return { label: "Active", tone: "border-emerald-200 bg-emerald-50 text-emerald-800" };
}

export default async function ApiKeysPage() {
  await connection();
  const { db, accountId } = await getPageWorkspace("api_key.manage");
  const keys = await listApiKeys(db, accountId);
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let scripts and integrations use the API as this team: Authorization: Bearer <key>. They can do the team's work, never manage its people or keys."
      />
      <section aria-label="New key" className="mb-8 rounded-lg border border-slate-200 bg-white p-4">
        <CreateApiKeyForm />
      </section>
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet">Create one above; it is shown once.</EmptyState>
      ) : (
        <Table aria-label="API keys">
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Key</TH>
              <TH>Created</TH>
              <TH>Last used</TH>
              <TH>Expires</TH>
              <TH>Status</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </TR>
          </THead>
          <TBody>
            {keys.map((key) => {
              const status = statusOf(key);
              return (
                <TR key={key.id} data-testid="api-key-row" data-key-name={key.name} className={key.revokedAt ? "text-slate-500" : ""}>
                  <TD className="font-medium text-slate-900">{key.name}</TD>
                  <TD>
                    <code className="font-mono text-xs">{maskApiKey(key.prefix, key.last4)}</code>
                  </TD>
                  <TD>
                    <RelativeTime iso={key.createdAt.toISOString()} />
                    <p className="text-xs text-slate-500">{key.createdByEmail ? `by ${key.createdByName || key.createdByEmail}` : "from the API_KEY setting"}</p>
                  </TD>
                  <TD>
                    <RelativeTime iso={key.lastUsedAt?.toISOString() ?? null} fallback="Never" />
                  </TD>
                  <TD>{key.expiresAt ? <RelativeTime iso={key.expiresAt.toISOString()} /> : <span className="text-slate-400">Never</span>}</TD>
                  <TD>
                    <span className={`inline-flex rounded-full border px-2 py-0.5 text-xs font-medium ${status.tone}`} data-testid="api-key-status">
                      {status.label}
                    </span>
                  </TD>
                  <TD className="text-right">{key.revokedAt ? null : <RevokeApiKeyButton keyId={key.id} name={key.name} />}</TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
    </>
  );
}
