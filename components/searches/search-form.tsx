"use client";
// Create and edit a saved search: a server action with inline field errors, and a live count of the
// records the filters match as they are typed (the same SQL predicate the webhooks use).
import { useActionState, useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { countSearchMatchesAction } from "@/lib/actions/count-search-matches";
import { createSearchAction } from "@/lib/actions/create-search";
import { updateSearchAction } from "@/lib/actions/update-search";
import type { ActionResult } from "@/lib/actions/safe-action";
import { SEARCH_FORM_FIELDS, splitFormList, type SearchFormField, type SearchFormValues } from "@/lib/validation/search";
import { FILTER_HINTS, FILTER_LABELS, FILTER_PLACEHOLDERS } from "./filter-labels";

const NUMBER_FIELDS = new Set<SearchFormField>(["min_salary_usd", "posted_within_days", "min_employees", "max_employees"]);
const COUNT_DEBOUNCE_MS = 300;

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/**
 * The errors of one form field. Server paths look like `filters.country_codes[1]`; an item's error
 * names the item as typed, so "Spain" is pointed at, not "the 2nd value".
 */
function errorsFor(fieldErrors: Record<string, string[]>, field: string, typed: string | undefined): string[] {
  const out: string[] = [];
  for (const [path, messages] of Object.entries(fieldErrors)) {
    const match = new RegExp(`^(?:filters\\.)?${field}(?:\\[(\\d+)\\])?$`).exec(path);
    if (!match) continue;
    const item = match[1] !== undefined ? splitFormList(typed ?? "")[Number(match[1])] : undefined;
    out.push(...messages.map((m) => (item ? `“${item}”: ${m}` : m)));
  }
  return out;
}

export function SearchForm({ searchId, initial }: { searchId?: string; initial: SearchFormValues }) {
  const router = useRouter();
  const isEdit = Boolean(searchId);
  const [values, setValues] = useState<SearchFormValues>(initial);
  // Errors describe the values as submitted: a field edited since then no longer shows its old error.
  const [submitted, setSubmitted] = useState<SearchFormValues>(initial);
  const [editedSinceSubmit, setEditedSinceSubmit] = useState<ReadonlySet<string>>(new Set());
  const [isSubmitting, startSubmit] = useTransition();
  const type = values.type === "company" ? "company" : "job";

  const [state, dispatch] = useActionState(
    async (_previous: ActionResult<{ id: string }> | null, submitted: SearchFormValues) => {
      const result = isEdit ? await updateSearchAction({ ...submitted, search_id: searchId }) : await createSearchAction(submitted);
      if (result.ok) {
        toast({ title: isEdit ? "Search saved" : "Search created", tone: "success", description: submitted.name });
        router.push("/searches");
        router.refresh();
      }
      return result;
    },
    null,
  );
  const fieldErrors = state && !state.ok ? state.fieldErrors : {};
  const errorsOf = (field: string) => (editedSinceSubmit.has(field) ? [] : errorsFor(fieldErrors, field, submitted[field as keyof SearchFormValues]));

  const countInput = useDebounced(values, COUNT_DEBOUNCE_MS);
  const count = useQuery({
    queryKey: ["searches", "count", countInput],
    queryFn: () => countSearchMatchesAction(countInput),
    placeholderData: keepPreviousData,
  });

  const set = (field: keyof SearchFormValues) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    const value = event.target.value;
    setValues((current) => ({ ...current, [field]: value }));
    setEditedSinceSubmit((current) => new Set(current).add(field));
  };

  function submit(event: React.FormEvent<HTMLFormElement>) {
    // Not <form action>: React resets fields after an action, which would lose what was typed on an error.
    event.preventDefault();
    setSubmitted(values);
    setEditedSinceSubmit(new Set());
    startSubmit(() => dispatch(values));
  }

  return (
    <form onSubmit={submit} noValidate aria-label={isEdit ? "Edit search" : "Create search"} className="grid max-w-5xl gap-6 lg:grid-cols-[1fr_18rem]">
      <div className="space-y-6">
        {state && !state.ok ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            {state.error}
          </div>
        ) : null}

        <div className="space-y-5 rounded-lg border border-slate-200 bg-white p-6">
          <Field label="Name" error={errorsOf("name")}>
            {({ id, describedBy, hasError }) => (
              <Input
                id={id}
                name="name"
                value={values.name}
                onChange={set("name")}
                aria-describedby={describedBy}
                hasError={hasError}
                placeholder="Remote data jobs in Spain"
                autoComplete="off"
              />
            )}
          </Field>

          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Records</legend>
            <div className="mt-2 flex gap-2" role="radiogroup">
              {(["job", "company"] as const).map((option) => (
                <label
                  key={option}
                  className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm ${
                    type === option ? "border-slate-900 bg-slate-50" : "border-slate-300"
                  } ${isEdit ? "cursor-not-allowed opacity-60" : ""}`}
                >
                  <input
                    type="radio"
                    name="type"
                    value={option}
                    checked={type === option}
                    disabled={isEdit}
                    onChange={set("type")}
                  />
                  {option === "job" ? "Jobs" : "Companies"}
                </label>
              ))}
            </div>
            <p className="mt-1.5 text-xs text-slate-500">
              {isEdit
                ? "The type cannot change after creation: its webhooks send job.new or company.new events."
                : "Webhooks on this search send job.new or company.new events. This cannot change later."}
            </p>
            {errorsOf("type").map((message) => (
              <p key={message} className="mt-1 text-xs font-medium text-red-600" data-testid="field-error">
                {message}
              </p>
            ))}
          </fieldset>
        </div>

        <div className="space-y-5 rounded-lg border border-slate-200 bg-white p-6">
          <div>
            <h2 className="text-base font-medium">Filters</h2>
            <p className="mt-0.5 text-sm text-slate-600">All optional. With none, every new {type === "job" ? "job" : "company"} matches.</p>
          </div>
          <div className="grid gap-5 sm:grid-cols-2">
            {SEARCH_FORM_FIELDS[type].map((field) => (
              <Field key={`${type}-${field}`} label={FILTER_LABELS[field]} hint={FILTER_HINTS[field]} error={errorsOf(field)}>
                {({ id, describedBy, hasError }) =>
                  field === "remote" ? (
                    <Select id={id} name={field} value={values.remote ?? ""} onChange={set("remote")} aria-describedby={describedBy} hasError={hasError}>
                      <option value="">Remote or on-site</option>
                      <option value="true">Remote only</option>
                      <option value="false">On-site only</option>
                    </Select>
                  ) : (
                    <Input
                      id={id}
                      name={field}
                      value={values[field] ?? ""}
                      onChange={set(field)}
                      aria-describedby={describedBy}
                      hasError={hasError}
                      placeholder={FILTER_PLACEHOLDERS[field]}
                      inputMode={NUMBER_FIELDS.has(field) ? "numeric" : undefined}
                      autoComplete="off"
                    />
                  )
                }
              </Field>
            ))}
          </div>
        </div>

        <div className="flex items-center gap-2">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? "Saving…" : isEdit ? "Save changes" : "Create search"}
          </Button>
          <ButtonLink href="/searches" variant="ghost">
            Cancel
          </ButtonLink>
        </div>
      </div>

      <aside className="h-fit rounded-lg border border-slate-200 bg-white p-5" aria-label="Matching records">
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Matching records now</p>
        <p className="mt-1 text-3xl font-semibold tabular-nums" data-testid="live-count" aria-live="polite">
          {count.data?.ok ? count.data.data.count.toLocaleString("en-US") : "—"}
        </p>
        <p className="mt-2 text-xs text-slate-500">
          {count.isFetching
            ? "Counting…"
            : count.data && !count.data.ok
              ? "Fix the highlighted filters to see the count."
              : `${type === "job" ? "Jobs" : "Companies"} already ingested that these filters match. New ones are matched as they arrive.`}
        </p>
        {isEdit ? (
          <p className="mt-3 border-t border-slate-100 pt-3 text-xs text-slate-500">
            Widening the filters triggers its webhooks for matching records they have not sent yet (1 credit each).
          </p>
        ) : null}
      </aside>
    </form>
  );
}
