"use client";
// The chart's legend as buttons with counts: each opens the matching events for the whole range.
import type { SeriesKey } from "@/lib/usage/series";

const full = new Intl.NumberFormat("en-US");

export function SeriesLegend({
  keys,
  total,
  onSelect,
  failedByRetryState,
}: {
  keys: SeriesKey[];
  total: number;
  onSelect: (key: SeriesKey) => void;
  /** The failed segment split into events that will be retried and those that gave up. */
  failedByRetryState?: { retrying: number; exhausted: number } | null;
}) {
  return (
    <ul aria-label="Legend" className="flex flex-wrap gap-2">
      {keys.map((key) => {
        const percent = total > 0 ? (key.total / total) * 100 : 0;
        const share = percent > 0 && percent < 1 ? "<1" : String(Math.round(percent));
        return (
          <li key={key.key}>
            <button
              type="button"
              onClick={() => onSelect(key)}
              data-testid={`legend-${key.key}`}
              title={key.kind === "webhook" ? `Open ${key.label}` : `Show ${key.label.toLowerCase()} events`}
              className="group inline-flex max-w-xs items-center gap-2 rounded-lg border border-slate-200 bg-white px-2.5 py-1.5 text-left text-sm transition-colors hover:border-slate-300 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-slate-400 focus-visible:outline-none"
            >
              <span aria-hidden className="h-2.5 w-2.5 shrink-0 rounded-sm" style={{ backgroundColor: key.color }} />
              <span className="truncate text-slate-700 group-hover:text-slate-900">{key.label}</span>
              <span className="font-semibold text-slate-900 tabular-nums" data-testid="legend-count">
                {full.format(key.total)}
              </span>
              {total > 0 ? <span className="text-xs text-slate-400 tabular-nums">{share}%</span> : null}
              {key.kind === "status" && key.key === "failed" && failedByRetryState && key.total > 0 ? (
                <span className="text-xs whitespace-nowrap text-slate-500 tabular-nums" data-testid="legend-failed-split">
                  · {full.format(failedByRetryState.retrying)} retrying · {full.format(failedByRetryState.exhausted)} gave up
                </span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
