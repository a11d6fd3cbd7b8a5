"use client";
// A replay job's live progress: counts, a bar, who started it, and Cancel while it runs.
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { useCan } from "@/components/auth/workspace-context";
import { RelativeTime } from "@/components/webhooks/relative-time";
import type { ReplayJobJson } from "@/lib/replays/service";

export const replayKeys = { all: ["replays"] as const, detail: (id: string) => ["replays", id] as const, active: ["replays", "active"] as const };

async function fetchJob(id: string): Promise<ReplayJobJson> {
  const response = await fetch(`/api/v1/replays/${id}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`Could not load the replay (${response.status})`);
  return response.json();
}

const fmt = (n: number) => n.toLocaleString("en-US");
const STATUS_TEXT = { running: "Running", completed: "Completed", cancelled: "Cancelled" } as const;

export function ReplayProgress({ initial }: { initial: ReplayJobJson }) {
  const queryClient = useQueryClient();
  const canCancel = useCan("event.resend");
  const [isCancelling, setCancelling] = useState(false);
  const { data: job } = useQuery({
    queryKey: replayKeys.detail(initial.id),
    queryFn: () => fetchJob(initial.id),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.status === "running" ? 1_000 : false),
  });
  const done = job.delivered + job.failed + job.skipped;
  const share = (n: number) => (job.total === 0 ? 0 : (n / job.total) * 100);

  async function cancel() {
    setCancelling(true);
    try {
      const response = await fetch(`/api/v1/replays/${job.id}/cancel`, { method: "POST" });
      const json = await response.json().catch(() => null);
      if (!response.ok) throw new Error(json?.error?.message ?? `HTTP ${response.status}`);
      queryClient.setQueryData(replayKeys.detail(job.id), json);
      await queryClient.invalidateQueries({ queryKey: replayKeys.active });
      toast({ title: "Replay cancelled", description: `${fmt(json.remaining)} events will not be sent again.`, tone: "info" });
    } catch (error) {
      toast({ title: "Could not cancel", description: (error as Error).message, tone: "error" });
    } finally {
      setCancelling(false);
    }
  }

  return (
    <section aria-label="Progress" className="rounded-lg border border-slate-200 bg-white p-5" data-testid="replay-progress" data-status={job.status}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-lg font-semibold" role="status">
          <span data-testid="replay-status">{STATUS_TEXT[job.status]}</span> · {fmt(done)} of {fmt(job.total)} replayed
        </p>
        {canCancel && job.status === "running" ? (
          <Button type="button" variant="danger" size="sm" onClick={cancel} disabled={isCancelling}>
            {isCancelling ? "Cancelling…" : "Cancel replay"}
          </Button>
        ) : null}
      </div>
      <div className="mt-3 flex h-3 overflow-hidden rounded-full bg-slate-100" aria-hidden>
        <div className="h-full bg-green-600 transition-all" style={{ width: `${share(job.delivered)}%` }} />
        <div className="h-full bg-red-600 transition-all" style={{ width: `${share(job.failed)}%` }} />
        <div className="h-full bg-slate-400 transition-all" style={{ width: `${share(job.skipped)}%` }} />
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-3 text-sm md:grid-cols-4">
        {(
          [
            ["Delivered", job.delivered, "replay-delivered"],
            ["Failed", job.failed, "replay-failed"],
            ["Skipped", job.skipped, "replay-skipped"],
            ["Remaining", job.remaining, "replay-remaining"],
          ] as const
        ).map(([label, value, testId]) => (
          <div key={label}>
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid={testId}>
              {fmt(value)}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-4 text-xs text-slate-500">
        Started by {job.created_by.name} ({job.created_by.type === "api_key" ? "API key" : "person"}) <RelativeTime iso={job.created_at} />
        {job.finished_at ? (
          <>
            {" "}
            · {job.status === "cancelled" ? `cancelled by ${job.cancelled_by ?? "someone"}` : "finished"} <RelativeTime iso={job.finished_at} />
          </>
        ) : null}
        . Skipped events were delivered meanwhile, are gone, or belong to a paused webhook.
        {job.status === "cancelled" ? " Events already handed to delivery when it was cancelled still went out." : ""}
      </p>
    </section>
  );
}
