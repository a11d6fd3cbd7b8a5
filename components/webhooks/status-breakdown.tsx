// Counts by status as a thin stacked bar plus a legend; colours from lib/event-status.ts.
import { EVENT_STATUS_NAMES, STATUS_COLORS, STATUS_LABELS, type EventStatusName } from "@/lib/event-status";
import { formatCount } from "./format";

export function StatusBar({ counts, className = "h-2" }: { counts: Record<EventStatusName, number>; className?: string }) {
  const total = EVENT_STATUS_NAMES.reduce((sum, s) => sum + counts[s], 0);
  return (
    <div className={`flex w-full overflow-hidden rounded-full bg-slate-100 ${className}`} aria-hidden>
      {total > 0
        ? EVENT_STATUS_NAMES.filter((s) => counts[s] > 0).map((s) => (
            <span key={s} style={{ width: `${(counts[s] / total) * 100}%`, backgroundColor: STATUS_COLORS[s] }} />
          ))
        : null}
    </div>
  );
}

/** "3 success · 1 failed" with coloured dots; statuses with no events are left out. */
export function StatusCounts({ counts }: { counts: Record<EventStatusName, number> }) {
  const present = EVENT_STATUS_NAMES.filter((s) => counts[s] > 0);
  if (present.length === 0) return <span className="text-xs text-slate-400">No events</span>;
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600">
      {present.map((s) => (
        <li key={s} className="inline-flex items-center gap-1" data-status-count={s}>
          <span aria-hidden className="h-1.5 w-1.5 rounded-full" style={{ backgroundColor: STATUS_COLORS[s] }} />
          <span className="font-medium text-slate-900 tabular-nums">{formatCount(counts[s])}</span>
          {STATUS_LABELS[s].toLowerCase()}
        </li>
      ))}
    </ul>
  );
}
