// Endpoint health as a pill (webhooks list, details page). Colours follow the status colours:
// healthy green, degraded amber, failing red, disabled grey, recovered blue.
import type { HealthState } from "@/lib/health/endpoint-health";
import { HEALTH_LABELS } from "@/lib/health/endpoint-health";

const STYLES: Record<HealthState, { pill: string; dot: string }> = {
  healthy: { pill: "bg-green-50 text-green-800", dot: "bg-green-600" },
  degraded: { pill: "bg-amber-50 text-amber-800", dot: "bg-amber-500" },
  failing: { pill: "bg-red-50 text-red-800", dot: "bg-red-600" },
  disabled: { pill: "bg-slate-200 text-slate-700", dot: "bg-slate-500" },
  recovered: { pill: "bg-blue-50 text-blue-800", dot: "bg-blue-600" },
};

export function HealthBadge({ state, title }: { state: HealthState; title?: string }) {
  const style = STYLES[state];
  return (
    <span
      data-testid="health-badge"
      data-health={state}
      title={title}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${style.pill}`}
    >
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${style.dot}`} />
      {HEALTH_LABELS[state]}
    </span>
  );
}
