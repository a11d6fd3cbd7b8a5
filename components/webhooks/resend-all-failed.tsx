"use client";
// "Resend all failed": fetch the ids, confirm the count, resend in small chunks with progress, then
// one summary toast. Chunks keep each server action short and let the progress move.
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { resendEventsAction } from "@/lib/actions/resend-events";
import { formatCount } from "./format";
import { eventKeys } from "./query-keys";
import { applyOutcomesToCache } from "./use-event-actions";

const CHUNK_SIZE = 10;

type Phase =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "confirm"; ids: string[] }
  | { kind: "running"; total: number; done: number; delivered: number; failed: number };

export function ResendAllFailed({ webhookId, failedCount }: { webhookId: string; failedCount: number }) {
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });

  async function open() {
    setPhase({ kind: "loading" });
    try {
      const response = await fetch(`/api/dashboard/webhooks/${webhookId}/events/ids?status=failed`, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { ids } = (await response.json()) as { ids: string[] };
      if (ids.length === 0) {
        toast({ title: "No failed events to resend", tone: "info" });
        setPhase({ kind: "idle" });
        return;
      }
      setPhase({ kind: "confirm", ids });
    } catch (error) {
      toast({ title: "Could not load the failed events", description: (error as Error).message, tone: "error" });
      setPhase({ kind: "idle" });
    }
  }

  async function run(ids: string[]) {
    let delivered = 0;
    let failed = 0;
    setPhase({ kind: "running", total: ids.length, done: 0, delivered, failed });
    try {
      for (let i = 0; i < ids.length; i += CHUNK_SIZE) {
        const chunk = ids.slice(i, i + CHUNK_SIZE);
        const result = await resendEventsAction({ event_ids: chunk });
        if (!result.ok) throw new Error(result.error);
        applyOutcomesToCache(queryClient, result.data);
        delivered += result.data.filter((o) => o.status === "success").length;
        failed += result.data.filter((o) => o.status === "failed").length;
        setPhase({ kind: "running", total: ids.length, done: Math.min(i + chunk.length, ids.length), delivered, failed });
      }
      toast({
        title: `Resent ${formatCount(ids.length)} event${ids.length === 1 ? "" : "s"}`,
        description: `${formatCount(delivered)} delivered, ${formatCount(failed)} failed`,
        tone: failed === 0 ? "success" : delivered === 0 ? "error" : "info",
      });
    } catch (error) {
      toast({ title: "Resending stopped", description: (error as Error).message, tone: "error" });
    } finally {
      setPhase({ kind: "idle" });
      await queryClient.invalidateQueries({ queryKey: eventKeys.all });
    }
  }

  const count = phase.kind === "confirm" ? phase.ids.length : 0;
  return (
    <>
      <Button type="button" variant="secondary" size="sm" onClick={open} disabled={failedCount === 0 || phase.kind !== "idle"}>
        {phase.kind === "loading" ? "Counting…" : "Resend all failed"}
      </Button>
      <ConfirmDialog
        open={phase.kind === "confirm"}
        title={`Resend ${formatCount(count)} failed event${count === 1 ? "" : "s"}?`}
        confirmLabel={`Resend ${formatCount(count)}`}
        onCancel={() => setPhase({ kind: "idle" })}
        onConfirm={() => phase.kind === "confirm" && run(phase.ids)}
      >
        Each one is sent to the endpoint now, once, and recorded as a manual attempt. Resends cost no credits and do not
        extend the 48-hour retry window.
      </ConfirmDialog>
      <Dialog open={phase.kind === "running"} onClose={() => {}} title="Resending failed events">
        {phase.kind === "running" ? (
          <div>
            <p role="status" data-testid="resend-progress">
              Resending {formatCount(phase.done)}/{formatCount(phase.total)}…
            </p>
            <div className="mt-3 h-2 overflow-hidden rounded-full bg-slate-100">
              <div className="h-full bg-slate-900 transition-all" style={{ width: `${(phase.done / phase.total) * 100}%` }} />
            </div>
            <p className="mt-2 text-xs text-slate-500">
              {formatCount(phase.delivered)} delivered · {formatCount(phase.failed)} failed
            </p>
          </div>
        ) : null}
      </Dialog>
    </>
  );
}
