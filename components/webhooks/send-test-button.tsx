"use client";
// "Send test event": a signed sample to the URL (the typed one on the form, the saved one on the
// details page), with the outcome shown inline — status, time, response headers and body, or the
// network error. On the details page the webhook's test sends list refreshes after each one.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useCan } from "@/components/auth/workspace-context";
import { Button } from "@/components/ui/button";
import { sendTestEventAction } from "@/lib/actions/send-test-event";
import type { TestEventResult } from "@/lib/delivery/test-event";
import { describeErrorCode, describeHttpStatus, formatDuration } from "./format";
import { ResponseView } from "./response-view";

type Outcome = TestEventResult;

export function SendTestButton(props: SendTestButtonProps) {
  return useCan("event.test") ? <SendTestControl {...props} /> : null;
}

type SendTestButtonProps = {
  /** The URL to test, or a function reading it from the form at click time. */
  url?: string;
  getUrl?: () => string;
  eventType: "job.new" | "company.new";
  webhookId?: string;
  onInvalidUrl?: (message: string) => void;
  size?: "sm" | "md";
  /** Re-render the page's server parts after a send (the details page lists test sends). */
  refreshAfterSend?: boolean;
};

function SendTestControl({
  url,
  getUrl,
  eventType,
  webhookId,
  onInvalidUrl,
  size = "md",
  refreshAfterSend = false,
}: SendTestButtonProps) {
  const router = useRouter();
  const [isSending, setIsSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | { ok: false; error: string } | null>(null);

  async function send() {
    setIsSending(true);
    setOutcome(null);
    try {
      const result = await sendTestEventAction({ url: getUrl ? getUrl() : (url ?? ""), event_type: eventType, webhook_id: webhookId });
      if (result.ok) {
        setOutcome(result.data);
        if (refreshAfterSend) router.refresh();
      } else {
        const urlError = result.fieldErrors.url?.[0];
        if (urlError && onInvalidUrl) onInvalidUrl(urlError);
        setOutcome({ ok: false, error: urlError ?? result.error });
      }
    } catch (error) {
      setOutcome({ ok: false, error: (error as Error).message });
    } finally {
      setIsSending(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant="secondary" size={size} onClick={send} disabled={isSending}>
        {isSending ? "Sending…" : "Send test event"}
      </Button>
      {outcome ? <TestOutcome outcome={outcome} /> : null}
    </div>
  );
}

function TestOutcome({ outcome }: { outcome: Outcome | { ok: false; error: string } }) {
  if ("error" in outcome) {
    return (
      <p role="status" data-testid="test-event-result" data-ok="false" className="text-sm text-red-700">
        {outcome.error}
      </p>
    );
  }
  const head =
    outcome.status_code != null
      ? describeHttpStatus(outcome.status_code)
      : outcome.error_code
        ? describeErrorCode(outcome.error_code)
        : "No response";
  return (
    <div className="space-y-1.5">
      <p
        role="status"
        data-testid="test-event-result"
        data-ok={outcome.ok ? "true" : "false"}
        className={`inline-flex items-center gap-2 rounded-md px-2.5 py-1 text-sm ${outcome.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
      >
        <span aria-hidden className={`h-2 w-2 rounded-full ${outcome.ok ? "bg-green-600" : "bg-red-600"}`} />
        <span className="font-medium">{outcome.ok ? "Delivered" : "Failed"} — {head}</span>
        {!outcome.ok && outcome.message && outcome.message !== head ? (
          <span className="max-w-md truncate text-xs opacity-80">{outcome.message}</span>
        ) : null}
        <span className="text-xs opacity-70">{formatDuration(outcome.duration_ms)}</span>
      </p>
      {outcome.status_code != null ? (
        <details className="max-w-2xl text-xs text-slate-600" data-testid="test-event-response-body">
          <summary className="cursor-pointer">Response headers and body</summary>
          <div className="mt-1">
            <ResponseView status={outcome.status_code} headers={outcome.response_headers ?? null} body={outcome.response_body} />
          </div>
        </details>
      ) : null}
    </div>
  );
}
