// A webhook's latest test sends, in its history but apart from its events: a test is no event, costs
// no credit and is not counted in usage. Each row opens to its response headers and body.
import type { TestSendJson } from "@/lib/delivery/test-event";
import { describeOutcome, formatDuration } from "./format";
import { RelativeTime } from "./relative-time";
import { ResponseView } from "./response-view";

export function TestSends({ sends }: { sends: TestSendJson[] }) {
  if (sends.length === 0) return null;
  return (
    <section aria-labelledby="test-sends-heading" className="mt-8" data-testid="test-sends">
      <h2 id="test-sends-heading" className="mb-1 text-lg font-semibold tracking-tight">
        Test sends <span className="text-sm font-normal text-slate-500">(latest {sends.length}, newest first)</span>
      </h2>
      <p className="mb-3 text-sm text-slate-600">
        Sample <code className="font-mono text-xs">webhook.test</code> events signed with this webhook&apos;s secret. They are not events:
        no credit, not in usage, never retried.
      </p>
      <ol className="space-y-2">
        {sends.map((send) => (
          <li key={send.id} data-testid="test-send" data-success={send.is_success} className="rounded-lg border border-slate-200 bg-white">
            <details className="group">
              <summary className="flex cursor-pointer list-none items-center gap-3 px-4 py-2.5 text-sm">
                <span aria-hidden className={`h-2.5 w-2.5 shrink-0 rounded-full ${send.is_success ? "bg-green-600" : "bg-red-600"}`} />
                <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">Test</span>
                <span className={`font-mono text-sm font-medium ${send.is_success ? "text-green-700" : "text-red-700"}`}>
                  {describeOutcome({ status: send.response_status, errorCode: send.error_code, error: send.error_message })}
                </span>
                <span className="ml-auto flex items-center gap-3 text-xs text-slate-500">
                  <span className="tabular-nums">{formatDuration(send.duration_ms)}</span>
                  <RelativeTime iso={send.started_at} />
                  <span aria-hidden className="text-slate-400 transition-transform group-open:rotate-90">
                    ›
                  </span>
                </span>
              </summary>
              <div className="space-y-3 border-t border-slate-100 px-4 py-3 text-sm">
                <p className="text-xs text-slate-500">
                  POST <code className="font-mono break-all">{send.url}</code>
                  {send.error_message && send.response_status == null ? ` · ${send.error_message}` : ""}
                </p>
                <ResponseView status={send.response_status} headers={send.response_headers} body={send.response_body} />
              </div>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
