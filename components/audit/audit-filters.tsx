// The Audit log page's filters: a plain GET form, so a filtered view is a link that can be shared.
import { buttonClasses } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/field";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { AUDIT_MAX_YEAR, AUDIT_MIN_YEAR } from "@/lib/validation/audit";

export type AuditFilterValues = { actor_id: string; action: string; from: string; to: string };
export type AuditActorChoice = { id: string; label: string };

function FilterField({ id, label, error, children }: { id: string; label: string; error?: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-600" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function AuditFilters({
  values,
  actors,
  errors,
}: {
  values: AuditFilterValues;
  actors: AuditActorChoice[];
  errors: Partial<Record<keyof AuditFilterValues, string>>;
}) {
  return (
    <form method="get" action="/settings/audit-log" aria-label="Filter the audit log" className="mb-6 flex flex-wrap items-end gap-3">
      <FilterField id="audit-actor" label="Person or key" error={errors.actor_id}>
        <select id="audit-actor" name="actor_id" defaultValue={values.actor_id} className={controlClasses(Boolean(errors.actor_id))}>
          <option value="">Everyone</option>
          {actors.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.label}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField id="audit-action" label="Action" error={errors.action}>
        <select id="audit-action" name="action" defaultValue={values.action} className={controlClasses(Boolean(errors.action))}>
          <option value="">Every action</option>
          {Object.entries(AUDIT_ACTIONS).map(([name, label]) => (
            <option key={name} value={name}>
              {label}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField id="audit-from" label="From (UTC)" error={errors.from}>
        <input
          id="audit-from"
          name="from"
          type="date"
          min={`${AUDIT_MIN_YEAR}-01-01`}
          max={`${AUDIT_MAX_YEAR}-12-31`}
          defaultValue={values.from}
          aria-invalid={errors.from ? true : undefined}
          aria-describedby={errors.from ? "audit-from-error" : undefined}
          className={controlClasses(Boolean(errors.from))}
        />
      </FilterField>
      <FilterField id="audit-to" label="To (UTC, inclusive)" error={errors.to}>
        <input
          id="audit-to"
          name="to"
          type="date"
          min={`${AUDIT_MIN_YEAR}-01-01`}
          max={`${AUDIT_MAX_YEAR}-12-31`}
          defaultValue={values.to}
          aria-invalid={errors.to ? true : undefined}
          aria-describedby={errors.to ? "audit-to-error" : undefined}
          className={controlClasses(Boolean(errors.to))}
        />
      </FilterField>
      <button type="submit" className={buttonClasses("primary")}>
        Apply
      </button>
      <a href="/settings/audit-log" className={buttonClasses("ghost")}>
        Clear
      </a>
    </form>
  );
}
