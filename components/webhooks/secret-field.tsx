"use client";
// The signing secret: masked by default; Reveal and Copy fetch it on demand; Rotate confirms first
// and then shows the new secret.
import { useState } from "react";
import { useCan } from "@/components/auth/workspace-context";
import { useFreshSignIn } from "@/components/auth/reauth";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { revealWebhookSecretAction } from "@/lib/actions/reveal-webhook-secret";
import { rotateWebhookSecretAction } from "@/lib/actions/rotate-webhook-secret";
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

function SecretControl({ webhookId }: { webhookId: string }) {
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
      const result = await freshSignIn.run(() => rotateWebhookSecretAction({ webhook_id: webhookId }));
      if (!result.ok) throw new Error(result.error);
      setSecret(result.data.secret);
      toast({ title: "Secret rotated", description: "New deliveries are signed with the new secret.", tone: "success" });
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
        The current secret stops working at once: your endpoint must verify with the new one from the next delivery on.
      </ConfirmDialog>
      {freshSignIn.dialog}
    </div>
  );
}
