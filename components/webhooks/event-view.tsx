"use client";
// One event: what happened to it (facts and a plain-words summary), every attempt newest first with
// its request headers and response, and the payload as delivered. Polls while it can still change.
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { StatusBadge } from "@/components/ui/status-badge";
import type { AttemptJson, EventWithAttemptsJson } from "@/lib/events/serialize";
import { formatInZone, useTimeZone } from "@/components/layout/time-zone";
import { curlCommand } from "@/lib/delivery/curl";
import { CopyButton } from "./copy-button";
import { describeOutcome, formatDuration } from "./format";
import { JsonBlock } from "./json-block";
import { eventKeys } from "./query-keys";
import { RelativeTime } from "./relative-time";
import { ResponseView } from "./response-view";
import { useResendEvent, useTriggerEvent } from "./use-event-actions";
import { useCan } from "@/components/auth/workspace-context";

/** SPEC §2: failed events are retried every hour for 48 hours after the first failure. */
const RETRY_WINDOW_MS = 48 * 3_600_000;

async function fetchEvent(eventId: string): Promise<EventWithAttemptsJson> {
  const response = await fetch(`/api/dashboard/events/${eventId}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`Could not load the event (${response.status})`);
  return response.json();
}

/** `payload`: the exact body every attempt POSTed and signed (null when it cannot be rebuilt). */
export function EventView({ initialEvent, payload }: { initialEvent: EventWithAttemptsJson; payload: string | null }) {
  const query = useQuery({
    queryKey: eventKeys.detail(initialEvent.id),
    queryFn: () => fetchEvent(initialEvent.id),
    initialData: initialEvent,
    refetchInterval: 5_000,
  });
  const event = query.data;
  const attempts = event.attempts ?? initialEvent.attempts;
  const resend = useResendEvent();
  const canResend = useCan("event.resend");
  const trigger = useTriggerEvent();

  return (
    <>
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex items-center gap-3">
            <h1 className="truncate text-2xl font-semibold tracking-tight">{event.record_title || "(untitled)"}</h1>
            <span data-testid="event-status">
              <StatusBadge status={event.status} />
            </span>
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {event.record_subtitle ? `${event.type === "job.new" ? "at " : ""}${event.record_subtitle} · ` : ""}
            <code className="font-mono text-xs">{event.type}</code> · event <code className="font-mono text-xs">{event.id}</code>
          </p>
        </div>
        <div className="flex items-center gap-2">
          {canResend && (event.status === "failed" || event.status === "success") ? (
            <Button type="button" onClick={() => resend.mutate(event.id)} disabled={resend.isPending}>
              {resend.isPending ? "Resending…" : "Resend"}
            </Button>
          ) : null}
          {canResend && event.status === "not_triggered" ? (
            <Button type="button" onClick={() => trigger.mutate(event.id)} disabled={trigger.isPending}>
              {trigger.isPending ? "Triggering…" : "Trigger (1 credit)"}
            </Button>
          ) : null}
        </div>
      </header>

      <Summary event={event} />

      <dl className="mb-8 grid grid-cols-2 gap-3 text-sm md:grid-cols-3 xl:grid-cols-6">
        <Fact label="Attempts">{event.attempt_count}</Fact>
        <Fact label="Detected">
          <RelativeTime iso={event.detected_at} />
        </Fact>
        <Fact label="Triggered">
          <RelativeTime iso={event.triggered_at} fallback="Not yet" />
        </Fact>
        <Fact label="First failure">
          <RelativeTime iso={event.first_failed_at} fallback="None" />
        </Fact>
        <Fact label="Last attempt">
          <RelativeTime iso={event.last_attempt_at} fallback="None" />
        </Fact>
        {event.status === "success" ? (
          <Fact label="Delivered">
            <RelativeTime iso={event.delivered_at} />
          </Fact>
        ) : (
          <Fact label="Next attempt">
            {event.status === "failed" ? (
              event.next_attempt_at ? (
                <RelativeTime iso={event.next_attempt_at} />
              ) : event.retry_state === "retrying" ? (
                <span className="text-slate-600">When the webhook is enabled</span>
              ) : (
                <span className="text-red-700">None: gave up (retries exhausted)</span>
              )
            ) : event.status === "in_progress" ? (
              "Within seconds"
            ) : (
              <span className="text-slate-400">Needs a credit</span>
            )}
          </Fact>
        )}
      </dl>

      <div className="grid gap-6 xl:grid-cols-5">
        <section aria-labelledby="attempts-heading" className="xl:col-span-3">
          <h2 id="attempts-heading" className="mb-3 text-lg font-semibold tracking-tight">
            Attempts <span className="text-sm font-normal text-slate-500">({attempts.length}, newest first)</span>
          </h2>
          {attempts.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
              No attempts yet.
            </p>
          ) : (
            <ol className="space-y-3">
              {attempts.map((attempt, i) => (
                <AttemptCard key={attempt.id} attempt={attempt} body={payload} isOpen={i === 0} number={attempts.length - i} />
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="payload-heading" className="xl:col-span-2">
          <h2 id="payload-heading" className="mb-3 text-lg font-semibold tracking-tight">
            Payload
          </h2>
          <JsonBlock value={payload === null ? "" : prettyPayload(payload)} label="Event payload" />
          <p className="mt-2 text-xs text-slate-500">
            The body POSTed on every attempt, signed with the webhook&apos;s secret (Standard Webhooks headers).
          </p>
        </section>
      </div>
    </>
  );
}

function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

function Summary({ event }: { event: EventWithAttemptsJson }) {
  const timeZone = useTimeZone();
  const outcome = describeOutcome({ status: event.last_response_status, error: event.last_error });
  if (event.status === "failed") {
    const windowEnd = event.first_failed_at ? new Date(new Date(event.first_failed_at).getTime() + RETRY_WINDOW_MS).toISOString() : null;
    return (
      <div role="note" className="mb-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
        <p className="font-medium">The last attempt failed: {outcome}.</p>
        <p className="mt-0.5 text-red-800">
          {event.next_attempt_at ? (
            <>
              Next automatic retry <RelativeTime iso={event.next_attempt_at} />; retries hourly until{" "}
              {windowEnd ? `${formatInZone(windowEnd, timeZone)} (${timeZone})` : "48 hours after the first failure"}. Fix the endpoint and press Resend to try now.
            </>
          ) : event.retry_state === "retrying" ? (
            <>The webhook is paused: retries resume when it is enabled, until {windowEnd ? `${formatInZone(windowEnd, timeZone)} (${timeZone})` : "48 hours after the first failure"}.</>
          ) : (
            <>Gave up: its retries are exhausted (48 hours after the first failure). Fix the endpoint and press Resend to deliver it.</>
          )}
        </p>
      </div>
    );
  }
  if (event.status === "not_triggered") {
    return (
      <div role="note" className="mb-6 rounded-lg border border-slate-200 bg-slate-100 px-4 py-3 text-sm text-slate-800">
        Detected while the account had no API credits, so it was not sent. Trigger it by hand (1 credit), or add credits and it is
        caught up automatically if the record still matches.
      </div>
    );
  }
  if (event.status === "in_progress") {
    return (
      <div role="note" className="mb-6 rounded-lg border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-900">
        Waiting for its first delivery — usually within seconds.
      </div>
    );
  }
  return null;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 font-medium text-slate-900">{children}</dd>
    </div>
  );
}

const TRIGGER_STYLES: Record<AttemptJson["trigger"], string> = {
  scheduled: "bg-slate-100 text-slate-700",
  manual: "bg-violet-100 text-violet-800",
  test: "bg-amber-100 text-amber-800",
};

function AttemptCard({ attempt, body, isOpen, number }: { attempt: AttemptJson; body: string | null; isOpen: boolean; number: number }) {
  const timeZone = useTimeZone();
  const outcome = describeOutcome({ status: attempt.response_status, errorCode: attempt.error_code, error: attempt.error_message });
  // Neither success nor failure: sent (or being sent) with no outcome recorded.
  const isUnknown = attempt.error_code === "outcome_unknown";
  const dot = attempt.is_success ? "bg-green-600" : isUnknown ? "bg-slate-400" : "bg-red-600";
  const tone = attempt.is_success ? "text-green-700" : isUnknown ? "text-slate-600" : "text-red-700";
  // Only a request that went out has headers; its cURL carries the signature sent, never the secret.
  const wasSent = Object.keys(attempt.request_headers).length > 0;
  const curl = wasSent && body !== null ? curlCommand({ url: attempt.url, headers: attempt.request_headers, body }) : null;
  return (
    <li data-testid="attempt" data-trigger={attempt.trigger} data-success={attempt.is_success} className="rounded-lg border border-slate-200 bg-white">
      <details open={isOpen} className="group">
        <summary className="flex cursor-pointer list-none items-center gap-3 px-4 py-3 text-sm">
          <span
            aria-hidden
            className={`h-2.5 w-2.5 shrink-0 rounded-full ${dot}`}
          />
          <span className="w-8 text-xs text-slate-400 tabular-nums">#{number}</span>
          <span className={`font-mono text-sm font-medium ${tone}`}>{outcome}</span>
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TRIGGER_STYLES[attempt.trigger]}`}>{attempt.trigger}</span>
          <span className="ml-auto flex items-center gap-3 text-xs text-slate-500">
            <span className="tabular-nums">{formatDuration(attempt.duration_ms)}</span>
            <RelativeTime iso={attempt.started_at} />
            <span aria-hidden className="text-slate-400 transition-transform group-open:rotate-90">
              ›
            </span>
          </span>
        </summary>
        <div className="space-y-4 border-t border-slate-100 px-4 py-4 text-sm">
          <p className="text-xs text-slate-500">
            {formatInZone(attempt.started_at, timeZone)} {timeZone} · POST <code className="font-mono break-all">{attempt.url}</code> · took{" "}
            <span data-testid="attempt-duration" className="font-medium text-slate-700 tabular-nums">
              {formatDuration(attempt.duration_ms)}
            </span>
          </p>
          {attempt.error_code || attempt.error_message ? (
            <div>
              <h3 className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">Error</h3>
              <p className="font-mono text-xs text-red-700">
                {attempt.error_code ? <span className="font-semibold">{attempt.error_code}</span> : null}
                {attempt.error_code && attempt.error_message ? " — " : ""}
                {attempt.error_message}
              </p>
            </div>
          ) : null}
          {attempt.next_attempt_reason ? (
            <div>
              <h3 className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">Next attempt</h3>
              <p className="text-xs text-slate-700" data-testid="next-attempt-reason">
                {attempt.next_attempt_reason}
              </p>
            </div>
          ) : null}
          <div>
            <div className="mb-1 flex items-center justify-between gap-3">
              <h3 className="text-xs font-medium tracking-wide text-slate-500 uppercase">Request headers</h3>
              {curl ? <CopyButton text={curl} label="Copy as cURL" /> : null}
            </div>
            <table className="w-full text-xs">
              <tbody>
                {Object.entries(attempt.request_headers).map(([name, value]) => (
                  <tr key={name} className="align-top">
                    <td className="w-44 py-0.5 pr-3 font-mono text-slate-500">{name}</td>
                    <td className="py-0.5 font-mono break-all text-slate-800">{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {curl ? (
            <details className="text-xs">
              <summary className="cursor-pointer text-slate-500">cURL command</summary>
              <pre
                data-testid="attempt-curl"
                tabIndex={0}
                aria-label="cURL command"
                className="mt-1 max-h-48 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-800"
              >
                {curl}
              </pre>
              <p className="mt-1 text-slate-500">
                The exact request with its signature (never the secret). Receivers that check webhook-timestamp refuse it five
                minutes after the attempt.
              </p>
            </details>
          ) : null}
          <div>
            <h3 className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">
              Response {attempt.response_status != null ? `· ${attempt.response_status}` : ""}
            </h3>
            <ResponseView status={attempt.response_status} headers={attempt.response_headers} body={attempt.response_body} />
          </div>
        </div>
      </details>
    </li>
  );
}
