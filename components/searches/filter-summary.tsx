// One line per saved search on the list: its filters as short chips ("No filters" = every record).
import { SEARCH_FORM_FIELDS, type SearchFormField } from "@/lib/validation/search";
import { FILTER_LABELS } from "./filter-labels";

function describe(key: string, value: unknown): string {
  if (key === "remote") return value ? "Remote only" : "On-site only";
  if (key === "posted_within_days") return `Posted ≤ ${value} days ago`;
  if (key === "min_salary_usd") return `Salary ≥ $${Number(value).toLocaleString("en-US")}`;
  if (key === "min_employees") return `≥ ${Number(value).toLocaleString("en-US")} employees`;
  if (key === "max_employees") return `≤ ${Number(value).toLocaleString("en-US")} employees`;
  const label = FILTER_LABELS[key as SearchFormField] ?? key;
  const list = Array.isArray(value) ? value.join(", ") : String(value);
  return `${label}: ${list}`;
}

export function FilterSummary({ filters }: { filters: Record<string, unknown> }) {
  // In the form's order, not jsonb's (which sorts keys by length).
  const order: string[] = [...SEARCH_FORM_FIELDS.job, ...SEARCH_FORM_FIELDS.company];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const entries = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return <span className="text-slate-500">No filters — every record</span>;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Filters">
      {entries.map(([key, value]) => (
        <li key={key} className="max-w-72 truncate rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700" title={describe(key, value)}>
          {describe(key, value)}
        </li>
      ))}
    </ul>
  );
}
