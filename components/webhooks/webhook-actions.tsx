"use client";
// The details page's header controls: active switch (enabling catches up), edit, archive.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Button, ButtonLink } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { archiveWebhookAction } from "@/lib/actions/archive-webhook";
import { setWebhookActiveAction } from "@/lib/actions/set-webhook-active";
import { formatCount } from "./format";
import { eventKeys } from "./query-keys";
import { useCan } from "@/components/auth/workspace-context";

export function ActiveSwitch(props: { webhookId: string; isActive: boolean; isArchived: boolean }) {
  // An archived webhook is read-only: no switch (Restore brings it back first).
  return useCan("webhook.write") && !props.isArchived ? <ActiveSwitchControl {...props} /> : null;
}

function ActiveSwitchControl({ webhookId, isActive, isArchived }: { webhookId: string; isActive: boolean; isArchived: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [optimistic, setOptimistic] = useState(isActive);
  const [isPending, startTransition] = useTransition();
  const [prevActive, setPrevActive] = useState(isActive);
  if (prevActive !== isActive) {
    setPrevActive(isActive);
    setOptimistic(isActive);
  }

  function toggle() {
    const next = !optimistic;
    setOptimistic(next);
    startTransition(async () => {
      const result = await setWebhookActiveAction({ webhook_id: webhookId, is_active: next });
      if (!result.ok) {
        setOptimistic(!next);
        toast({ title: "Could not change the webhook", description: result.error, tone: "error" });
        return;
      }
      if (next) {
        const { events_triggered: triggered, events_not_triggered: notTriggered } = result.data;
        toast({
          title: "Webhook enabled",
          description:
            triggered + notTriggered === 0
              ? "Nothing was missed while it was paused."
              : `Caught up: ${formatCount(triggered)} event${triggered === 1 ? "" : "s"} triggered${notTriggered ? `, ${formatCount(notTriggered)} not triggered (no credits)` : ""}.`,
          tone: "success",
        });
      } else {
        toast({ title: "Webhook paused", description: "New matches are sent when you enable it again.", tone: "info" });
      }
      await queryClient.invalidateQueries({ queryKey: eventKeys.all });
      router.refresh();
    });
  }

  return (
    <button
      type="button"
      role="switch"
      aria-checked={optimistic}
      aria-label="Active"
      onClick={toggle}
      disabled={isPending || isArchived}
      className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60"
    >
      <span className={`relative inline-flex h-5 w-9 shrink-0 rounded-full transition-colors ${optimistic ? "bg-green-600" : "bg-slate-300"}`}>
        <span
          className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-transform ${optimistic ? "translate-x-4.5" : "translate-x-0.5"}`}
        />
      </span>
      {optimistic ? "Active" : "Paused"}
    </button>
  );
}

export function ArchiveButton(props: { webhookId: string; name: string; isArchived: boolean }) {
  return useCan("webhook.write") ? <ArchiveButtonControl {...props} /> : null;
}

function ArchiveButtonControl({ webhookId, name, isArchived }: { webhookId: string; name: string; isArchived: boolean }) {
  const router = useRouter();
  const [isConfirming, setIsConfirming] = useState(false);
  const [isPending, startTransition] = useTransition();

  function apply(nextArchived: boolean) {
    startTransition(async () => {
      const result = await archiveWebhookAction({ webhook_id: webhookId, is_archived: nextArchived });
      setIsConfirming(false);
      if (!result.ok) {
        toast({ title: "Could not change the webhook", description: result.error, tone: "error" });
        return;
      }
      toast({ title: nextArchived ? "Webhook archived" : "Webhook restored", tone: "success" });
      router.refresh();
    });
  }

  if (isArchived) {
    return (
      <Button type="button" variant="secondary" onClick={() => apply(false)} disabled={isPending}>
        Restore
      </Button>
    );
  }
  return (
    <>
      <Button type="button" variant="secondary" onClick={() => setIsConfirming(true)} disabled={isPending}>
        Archive
      </Button>
      <ConfirmDialog
        open={isConfirming}
        title={`Archive “${name}”?`}
        confirmLabel={isPending ? "Archiving…" : "Archive webhook"}
        variant="danger"
        isBusy={isPending}
        onCancel={() => setIsConfirming(false)}
        onConfirm={() => apply(true)}
      >
        It stops matching new records and no longer appears in the list. Its events and attempt logs are kept, and you can restore it
        later.
      </ConfirmDialog>
    </>
  );
}

export function EditLink({ webhookId, isArchived = false }: { webhookId: string; isArchived?: boolean }) {
  if (!useCan("webhook.write") || isArchived) return null;
  return (
    <ButtonLink variant="secondary" href={`/webhooks/${webhookId}/edit`}>
      Edit
    </ButtonLink>
  );
}
