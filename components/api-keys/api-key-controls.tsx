"use client";
// Settings → API keys: the create form (the new key is shown once, here), and revoke with a confirm.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFreshSignIn } from "@/components/auth/reauth";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { CopyButton } from "@/components/webhooks/copy-button";
import { createApiKeyAction } from "@/lib/actions/create-api-key";
import { revokeApiKeyAction } from "@/lib/actions/revoke-api-key";
import { API_KEY_EXPIRY_CHOICES } from "@/lib/validation/api-key";

type CreatedKey = { name: string; key: string };

export function CreateApiKeyForm() {
  const router = useRouter();
  const freshSignIn = useFreshSignIn();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-3"
        aria-label="Create an API key"
        onSubmit={async (event) => {
          event.preventDefault();
          const element = event.currentTarget;
          const form = new FormData(element);
          setIsBusy(true);
          const input = { name: String(form.get("name") ?? ""), expires_in_days: String(form.get("expires_in_days") ?? "") };
          const result = await freshSignIn.run(() => createApiKeyAction(input));
          setIsBusy(false);
          if (!result.ok) {
            setErrors(result.fieldErrors);
            if (Object.keys(result.fieldErrors).length === 0) toast({ title: "Not done", description: result.error, tone: "error" });
            return;
          }
          setErrors({});
          setCreated({ name: result.data.name, key: result.data.key });
          element.reset();
          router.refresh();
        }}
      >
        <div className="min-w-64 flex-1">
          <Field label="Name" hint="What uses it, e.g. “CRM sync” or “staging ingest”." error={errors.name}>
            {(ids) => <Input id={ids.id} name="name" required maxLength={100} hasError={ids.hasError} aria-describedby={ids.describedBy} />}
          </Field>
        </div>
        <Field label="Expires" error={errors.expires_in_days}>
          {(ids) => (
            <Select id={ids.id} name="expires_in_days" defaultValue="" hasError={ids.hasError} aria-describedby={ids.describedBy}>
              {API_KEY_EXPIRY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button type="submit" disabled={isBusy}>
          {isBusy ? "Creating…" : "Create key"}
        </Button>
      </form>
      {created ? (
        <div role="status" className="space-y-2 rounded-lg border border-emerald-200 bg-emerald-50/60 p-4" data-testid="new-api-key">
          <p className="text-sm font-medium text-emerald-900">
            “{created.name}” is ready. Copy it now: it is shown only once, and Hookline keeps only its hash.
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="rounded-md border border-emerald-200 bg-white px-3 py-2 font-mono text-sm break-all text-slate-900" data-testid="new-api-key-value">
              {created.key}
            </code>
            <CopyButton text={created.key} />
            <Button type="button" variant="ghost" size="sm" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
      {freshSignIn.dialog}
    </div>
  );
}

export function RevokeApiKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const router = useRouter();
  const [isOpen, setIsOpen] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  return (
    <>
      <Button type="button" size="sm" variant="ghost" onClick={() => setIsOpen(true)}>
        Revoke
      </Button>
      <ConfirmDialog
        open={isOpen}
        title={`Revoke “${name}”?`}
        confirmLabel={isBusy ? "Revoking…" : "Revoke key"}
        variant="danger"
        isBusy={isBusy}
        onCancel={() => setIsOpen(false)}
        onConfirm={async () => {
          setIsBusy(true);
          const result = await revokeApiKeyAction({ key_id: keyId });
          setIsBusy(false);
          setIsOpen(false);
          if (!result.ok) return toast({ title: "Not done", description: result.error, tone: "error" });
          toast({ title: `“${name}” revoked`, tone: "success" });
          router.refresh();
        }}
      >
        Requests with this key are refused from now on, and it cannot be restored.
      </ConfirmDialog>
    </>
  );
}
