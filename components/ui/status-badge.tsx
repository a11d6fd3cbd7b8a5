import { STATUS_COLORS, STATUS_LABELS, type EventStatusName } from "@/lib/event-status";

export function StatusBadge({ status }: { status: EventStatusName }) {
  return (
    <span
      data-status={status}
      className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2 py-0.5 text-xs font-medium"
    >
      <span aria-hidden className="h-2 w-2 rounded-full" style={{ backgroundColor: STATUS_COLORS[status] }} />
      {STATUS_LABELS[status]}
    </span>
  );
}
