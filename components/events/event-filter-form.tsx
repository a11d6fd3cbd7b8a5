// The search box and filters of an event list (a webhook's page, the account-wide Events page). A
// plain GET form: the filter lives in the URL, so a filtered list is a link, and Back works.
import Link from "next/link";
import { Input, Select } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { RESPONSE_CLASSES, RESPONSE_CLASS_LABELS, type EventFilterParam } from "@/lib/validation/event-filter";

export type EventFilterValues = Partial<Record<EventFilterParam, string>>;

const labelClasses = "mb-1 block text-xs font-medium text-slate-600";

export function EventFilterForm({
  action,
  values,
  errors = {},
  webhooks,
  timeZone,
}: {
  /** The page the form submits to (its path, without a query). */
  action: string;
  /** The URL's values, as typed. */
  values: EventFilterValues;
  /** Refused values by parameter name. */
  errors?: Partial<Record<string, string>>;
  /** The account's webhooks: shows the webhook filter (account-wide page). */
  webhooks?: ReadonlyArray<{ id: string; name: string }>;
  timeZone: string;
}) {
  // The status tab (and a failed tab's retry state) is kept by a search and by Clear.
  const isFiltered = Object.entries(values).some(([key, value]) => key !== "status" && key !== "retry_state" && value);
  const tabQuery = new URLSearchParams();
  if (values.status) tabQuery.set("status", values.status);
  if (values.retry_state) tabQuery.set("retry_state", values.retry_state);
  const clearHref = tabQuery.size > 0 ? `${action}?${tabQuery}` : action;
  const field = (name: EventFilterParam) => ({ name, defaultValue: values[name] ?? "", hasError: Boolean(errors[name]), "aria-describedby": errors[name] ? `filter-${name}-error` : undefined });
  const error = (name: EventFilterParam) =>
    errors[name] ? (
      <p id={`filter-${name}-error`} className="mt-1 text-xs font-medium text-red-600" data-testid="filter-error">
        {errors[name]}
      </p>
    ) : null;
  return (
    <form action={action} method="get" role="search" aria-label="Find events" className="mb-4 rounded-lg border border-slate-200 bg-white p-3" data-testid="event-filters">
      {values.status ? <input type="hidden" name="status" value={values.status} /> : null}
      {values.retry_state ? <input type="hidden" name="retry_state" value={values.retry_state} /> : null}
      <div className="flex gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="filter-q" className="sr-only">
            Search events
          </label>
          <Input id="filter-q" type="search" placeholder="Event id, record id, or words of a title or company name" autoComplete="off" {...field("q")} />
          {error("q")}
        </div>
        <Button type="submit">Search</Button>
        {isFiltered ? (
          <Link href={clearHref} className="self-center px-2 text-sm font-medium text-slate-600 hover:text-slate-900">
            Clear
          </Link>
        ) : null}
      </div>
      <div className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
        <div>
          <label htmlFor="filter-response" className={labelClasses}>
            Last response
          </label>
          <Select id="filter-response" {...field("response")}>
            <option value="">Any</option>
            {RESPONSE_CLASSES.map((name) => (
              <option key={name} value={name}>
                {RESPONSE_CLASS_LABELS[name]}
              </option>
            ))}
          </Select>
          {error("response")}
        </div>
        <div>
          <label htmlFor="filter-http-status" className={labelClasses}>
            HTTP code
          </label>
          <Input id="filter-http-status" inputMode="numeric" placeholder="e.g. 503" {...field("http_status")} />
          {error("http_status")}
        </div>
        <div>
          <label htmlFor="filter-from" className={labelClasses}>
            Detected from
          </label>
          <Input id="filter-from" placeholder="YYYY-MM-DD" title={`Wall-clock time in ${timeZone} unless it has an offset`} {...field("from")} />
          {error("from")}
        </div>
        <div>
          <label htmlFor="filter-to" className={labelClasses}>
            Detected before
          </label>
          <Input id="filter-to" placeholder="YYYY-MM-DD" title={`Wall-clock time in ${timeZone} unless it has an offset`} {...field("to")} />
          {error("to")}
        </div>
        <div>
          <label htmlFor="filter-min-attempts" className={labelClasses}>
            Attempts at least
          </label>
          <Input id="filter-min-attempts" inputMode="numeric" placeholder="e.g. 3" {...field("min_attempts")} />
          {error("min_attempts")}
        </div>
        {webhooks ? (
          <div>
            <label htmlFor="filter-webhook" className={labelClasses}>
              Webhook
            </label>
            <Select id="filter-webhook" {...field("webhook_id")}>
              <option value="">All webhooks</option>
              {webhooks.map((webhook) => (
                <option key={webhook.id} value={webhook.id}>
                  {webhook.name}
                </option>
              ))}
            </Select>
            {error("webhook_id")}
          </div>
        ) : null}
      </div>
    </form>
  );
}

/** The URL's filter values (first of repeated parameters), as the form shows them. */
export function readFilterValues(params: Record<string, string | string[] | undefined>, names: readonly EventFilterParam[]): EventFilterValues {
  const values: EventFilterValues = {};
  for (const name of names) {
    const raw = params[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value !== "") values[name] = value;
  }
  return values;
}
