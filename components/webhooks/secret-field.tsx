"use client";
// The signing secret: masked by default; Reveal and Copy fetch it on demand; Rotate asks how long the
// old secret keeps signing beside the new one (24 h by default, at once to 7 days), then shows the
// new secret and refreshes the page, which says when the old one stops.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useCan } from "@/components/auth/workspace-context";
import { useFreshSignIn } from "@/components/auth/reauth";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { revealWebhookSecretAction } from "@/lib/actions/reveal-webhook-secret";
import { rotateWebhookSecretAction } from "@/lib/actions/rotate-webhook-secret";
import { DEFAULT_SECRET_GRACE_HOURS } from "@/lib/validation/webhook";
import { CopyButton } from "./copy-button";
import { maskSecret } from "./format";

export function SecretField({ webhookId }: { webhookId: string }) {
  if (!useCan("webhook.reveal_secret")) {
    return (
      <code data-testid="webhook-secret" className="block truncate rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800">
        {maskSecret()}
      </code>
    );
  }
  return <SecretControl webhookId={webhookId} />;
}

const GRACE_OPTIONS = [
  { hours: 0, label: "Stop at once" },
  { hours: 1, label: "1 hour" },
  { hours: 24, label: "24 hours" },
  { hours: 72, label: "3 days" },
  { hours: 168, label: "7 days" },
];

function SecretControl({ webhookId }: { webhookId: string }) {
  const router = useRouter();
  const graceId = useId();
  const [graceHours, setGraceHours] = useState(DEFAULT_SECRET_GRACE_HOURS);
  const freshSignIn = useFreshSignIn();
  const [secret, setSecret] = useState<string | null>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const [isRotating, setIsRotating] = useState(false);

  async function fetchSecret(): Promise<string | null> {
    if (secret) return secret;
    const result = await freshSignIn.run(() => revealWebhookSecretAction({ webhook_id: webhookId }));
    if (!result.ok) {
      toast({ title: "Could not read the secret", description: result.error, tone: "error" });
      return null;
    }
    return result.data.secret;
  }

  async function rotate() {
    setIsRotating(true);
    try {
      const result = await freshSignIn.run(() => rotateWebhookSecretAction({ webhook_id: webhookId, grace_period_hours: graceHours }));
      if (!result.ok) throw new Error(result.fieldErrors.grace_period_hours?.[0] ?? result.error);
      setSecret(result.data.secret);
      toast({
        title: "Secret rotated",
        description: result.data.previousSecretExpiresAt
          ? "New deliveries are signed with both secrets until the old one stops."
          : "New deliveries are signed with the new secret only.",
        tone: "success",
      });
      router.refresh();
    } catch (error) {
      toast({ title: "Could not rotate the secret", description: (error as Error).message, tone: "error" });
    } finally {
      setIsRotating(false);
      setIsConfirming(false);
    }
  }

  return (
    <div>
      <div className="flex items-center gap-2">
        <code
          data-testid="webhook-secret"
          className="min-w-0 flex-1 truncate rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800"
        >
          {secret ?? maskSecret()}
        </code>
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={async () => (secret ? setSecret(null) : setSecret(await fetchSecret()))}
        >
          {secret ? "Hide" : "Reveal"}
        </Button>
        <CopyButton getText={fetchSecret} />
        <Button type="button" variant="secondary" size="sm" onClick={() => setIsConfirming(true)} disabled={isRotating}>
          Rotate
        </Button>
      </div>
      <p className="mt-2 text-xs text-slate-500">
        Verify the <code className="font-mono">webhook-signature</code> header with any Standard Webhooks library.
      </p>
      <ConfirmDialog
        open={isConfirming}
        title="Rotate the signing secret?"
        confirmLabel={isRotating ? "Rotating…" : "Rotate secret"}
        variant="danger"
        isBusy={isRotating}
        onCancel={() => setIsConfirming(false)}
        onConfirm={rotate}
      >
        <p>
          Deliveries are signed with the new secret from the next one on. Meanwhile the current secret keeps signing beside it (a
          second <code className="font-mono">v1,</code> signature), so your endpoint can switch over.
        </p>
        <label htmlFor={graceId} className="mt-3 block text-sm font-medium text-slate-800">
          Keep the current secret signing for
        </label>
        <Select id={graceId} className="mt-1.5" value={graceHours} onChange={(e) => setGraceHours(Number(e.target.value))}>
          {GRACE_OPTIONS.map((option) => (
            <option key={option.hours} value={option.hours}>
              {option.label}
              {option.hours === DEFAULT_SECRET_GRACE_HOURS ? " (default)" : ""}
            </option>
          ))}
        </Select>
      </ConfirmDialog>
      {freshSignIn.dialog}
    </div>
  );
}
