"use client";
// "Resend all matching this filter" and "Recover since <time>": a dry run counts the failed events
// first and says what a replay costs (nothing) and what it does to the retry window; confirming
// creates a server-side job (POST /api/v1/webhooks/events/retry) and opens its page, which works
// on with the tab closed.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import type { EventFilterJson } from "@/lib/validation/event-filter";

type Preview = { count: number; credits: number; explanation: string; max_events: number };
type Body = { filter: EventFilterJson } | { since: string; webhook_id?: string };

async function post(body: Body & { dry_run?: boolean }) {
  const response = await fetch("/api/v1/webhooks/events/retry", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(json?.error?.message ?? `HTTP ${response.status}`);
  return json;
}

const dayAgo = () => new Date(Date.now() - 24 * 3_600_000).toISOString().slice(0, 16) + "Z";

export function ReplayButton({ mode, filter, webhookId }: { mode: "filter" | "since"; filter?: EventFilterJson; webhookId?: string }) {
  const router = useRouter();
  const [isOpen, setOpen] = useState(false);
  const [since, setSince] = useState(dayAgo);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const body = (): Body => (mode === "since" ? { since, ...(webhookId ? { webhook_id: webhookId } : {}) } : { filter: filter ?? {} });

  async function count() {
    setBusy(true);
    setError(null);
    setPreview(null);
    try {
      setPreview(await post({ ...body(), dry_run: true }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function start() {
    setBusy(true);
    try {
      const { job } = await post(body());
      toast({ title: `Replaying ${job.total.toLocaleString("en-US")} failed events`, description: "It runs on the server: you may close this tab.", tone: "success" });
      setOpen(false);
      router.push(`/replays/${job.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  function open() {
    setOpen(true);
    setPreview(null);
    setError(null);
    if (mode === "filter") void count();
  }

  const label = mode === "since" ? "Recover since…" : "Resend all matching";
  return (
    <>
      <Button type="button" variant="secondary" size="sm" onClick={open} data-testid={`replay-${mode}`}>
        {label}
      </Button>
      <Dialog
        open={isOpen}
        onClose={() => setOpen(false)}
        title={mode === "since" ? "Recover failed events since a time" : "Resend every failed event matching this filter"}
        footer={
          <>
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="button" onClick={start} disabled={isBusy || !preview || preview.count === 0} data-testid="replay-confirm">
              {preview && preview.count > 0 ? `Replay ${preview.count.toLocaleString("en-US")}` : "Replay"}
            </Button>
          </>
        }
      >
        {mode === "since" ? (
          <div className="mb-3 flex items-end gap-2">
            <div className="flex-1">
              <label htmlFor="replay-since" className="mb-1 block text-xs font-medium text-slate-600">
                Failed events detected since (ISO 8601, with Z or an offset)
              </label>
              <Input id="replay-since" value={since} onChange={(e) => setSince(e.target.value)} />
            </div>
            <Button type="button" variant="secondary" onClick={count} disabled={isBusy}>
              Count
            </Button>
          </div>
        ) : null}
        {isBusy && !preview ? <p className="text-sm text-slate-600">Counting…</p> : null}
        {error ? (
          <p role="alert" className="text-sm font-medium text-red-700">
            {error}
          </p>
        ) : null}
        {preview ? (
          <div className="space-y-2 text-sm text-slate-700" data-testid="replay-preview">
            <p className="text-base font-medium text-slate-900">
              {preview.count === 0 ? "No failed events match." : `${preview.count.toLocaleString("en-US")} failed event${preview.count === 1 ? "" : "s"} will be sent again.`}
            </p>
            <p>Credits: none.</p>
            <p className="text-slate-600">{preview.explanation}</p>
            <p className="text-xs text-slate-500">The replay runs on the server; its progress shows at the top of every page.</p>
          </div>
        ) : null}
      </Dialog>
    </>
  );
}
