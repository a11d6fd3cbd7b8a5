// A saved search's filters as compact chips ("Title has: data, engineer").
const LABELS: Record<string, string> = {
  title_keywords: "Title has",
  title_exclude_keywords: "Title excludes",
  country_codes: "Countries",
  remote: "Remote",
  seniorities: "Seniority",
  min_salary_usd: "Min salary",
  company_domains: "Companies",
  posted_within_days: "Posted within",
  name_keywords: "Name has",
  industries: "Industries",
  min_employees: "Min employees",
  max_employees: "Max employees",
  technologies: "Technologies",
};

function formatValue(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (key === "min_salary_usd" && typeof value === "number") return `$${value.toLocaleString("en-US")}`;
  if (key === "posted_within_days") return `${value} days`;
  if (typeof value === "number") return value.toLocaleString("en-US");
  return String(value);
}

export function SearchFilters({ filters }: { filters: Record<string, unknown> }) {
  const entries = Object.entries(filters ?? {}).filter(([, v]) => v !== undefined && v !== null);
  if (entries.length === 0) return <span className="text-sm text-slate-500">No filters — every new record</span>;
  return (
    <ul className="flex flex-wrap gap-1.5">
      {entries.map(([key, value]) => (
        <li key={key} className="rounded-md bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
          <span className="text-slate-500">{LABELS[key] ?? key}:</span> {formatValue(key, value)}
        </li>
      ))}
    </ul>
  );
}
