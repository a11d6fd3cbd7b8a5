"use client";
// Create and edit a webhook: server action with inline field errors, a live preview of what the
// listening start would trigger and cost, and "Send test event" to the typed URL before saving.
import Link from "next/link";
import { formatInZone, useTimeZone } from "@/components/layout/time-zone";
import { useActionState, useState, useTransition } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { createWebhookAction } from "@/lib/actions/create-webhook";
import { updateWebhookAction } from "@/lib/actions/update-webhook";
import { useFreshSignIn } from "@/components/auth/reauth";
import type { ActionResult } from "@/lib/actions/safe-action";
import type { ListeningStartFormChoice } from "@/lib/actions/webhook-form";
import { formatCount } from "./format";
import { webhookKeys } from "./query-keys";
import { SendTestButton } from "./send-test-button";

export type SearchOption = { id: string; name: string; type: "job" | "company" };

export type WebhookFormInitial = {
  webhookId?: string;
  name: string;
  url: string;
  searchId: string;
  description: string;
  listeningStart: ListeningStartFormChoice;
  /** The saved listening start (edit only), shown as the "keep" choice. */
  savedListeningStartTime?: string | null;
  triggerOncePerCompany: boolean;
};

type Preview = { records: number; credits_needed: number; balance: number; is_short_of_credits: boolean };

async function fetchPreview(searchId: string, listeningStart: ListeningStartFormChoice, since: string | null | undefined): Promise<Preview> {
  const params = new URLSearchParams({ search_id: searchId, listening_start: listeningStart });
  if (listeningStart === "keep" && since) params.set("since", since);
  const response = await fetch(`/api/dashboard/webhooks/preview?${params}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`Preview failed (${response.status})`);
  return response.json();
}

export function WebhookForm({ searches, initial }: { searches: SearchOption[]; initial: WebhookFormInitial }) {
  const isEdit = Boolean(initial.webhookId);
  const timeZone = useTimeZone();
  // Changing a saved webhook's URL needs a recent sign-in: the action asks, this hook prompts.
  const freshSignIn = useFreshSignIn();
  const [name, setName] = useState(initial.name);
  const [url, setUrl] = useState(initial.url);
  const [searchId, setSearchId] = useState(initial.searchId);
  const [description, setDescription] = useState(initial.description);
  const [listeningStart, setListeningStart] = useState<ListeningStartFormChoice>(initial.listeningStart);
  const [isOncePerCompany, setIsOncePerCompany] = useState(initial.triggerOncePerCompany);
  const [urlTestError, setUrlTestError] = useState<string | null>(null);
  // A field's server error goes away as soon as it is edited, until the next submit.
  const [editedSinceSubmit, setEditedSinceSubmit] = useState<ReadonlySet<string>>(new Set());
  const markEdited = (field: string) => setEditedSinceSubmit((prev) => (prev.has(field) ? prev : new Set(prev).add(field)));
  const [isSubmitting, startSubmit] = useTransition();

  const [state, dispatch] = useActionState(async (_previous: ActionResult<unknown> | null, values: Record<string, unknown>) => {
    return isEdit ? freshSignIn.run(() => updateWebhookAction(values)) : createWebhookAction(values);
  }, null);
  const errors: Record<string, string[]> =
    state && !state.ok ? Object.fromEntries(Object.entries(state.fieldErrors).filter(([field]) => !editedSinceSubmit.has(field))) : {};
  const isFailureShown = Boolean(state && !state.ok && (Object.keys(errors).length > 0 || Object.keys(state.fieldErrors).length === 0));
  const search = searches.find((s) => s.id === searchId);
  const isJobSearch = search?.type !== "company";

  const preview = useQuery({
    queryKey: webhookKeys.preview(searchId, listeningStart, initial.savedListeningStartTime),
    queryFn: () => fetchPreview(searchId, listeningStart, initial.savedListeningStartTime),
    enabled: Boolean(search),
  });

  function submit(event: React.FormEvent<HTMLFormElement>) {
    // Not <form action>: React would reset the fields after the action, losing what was typed when it fails.
    event.preventDefault();
    setUrlTestError(null);
    setEditedSinceSubmit(new Set());
    const values = {
      ...(initial.webhookId ? { webhook_id: initial.webhookId } : {}),
      name,
      url,
      search_id: searchId,
      description,
      listening_start: listeningStart,
      trigger_once_per_company: isJobSearch && isOncePerCompany,
    };
    startSubmit(() => dispatch(values));
  }

  const urlError = errors.url?.[0] ?? urlTestError ?? undefined;

  return (
    <form onSubmit={submit} noValidate className="max-w-2xl space-y-6" aria-label={isEdit ? "Edit webhook" : "Create webhook"}>
      {isFailureShown && state && !state.ok ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {state.error}
        </div>
      ) : null}

      <div className="space-y-5 rounded-lg border border-slate-200 bg-white p-6">
        <Field label="Name" error={errors.name}>
          {({ id, describedBy, hasError }) => (
            <Input
              id={id}
              name="name"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                markEdited("name");
              }}
              aria-describedby={describedBy}
              hasError={hasError}
              placeholder="Remote data jobs → CRM"
              autoComplete="off"
            />
          )}
        </Field>

        <Field
          label="Endpoint URL"
          error={urlError}
          hint="We POST each new match here as signed JSON (Standard Webhooks). Any 2xx answer counts as delivered."
        >
          {({ id, describedBy, hasError }) => (
            <Input
              id={id}
              name="url"
              // Text, not type="url": the browser would quietly strip line breaks and judge the URL
              // itself; the server's rules (spaces, schemes, user:pass@, private addresses) answer inline.
              type="text"
              inputMode="url"
              autoCapitalize="off"
              spellCheck={false}
              value={url}
              onChange={(e) => {
                setUrl(e.target.value);
                setUrlTestError(null);
                markEdited("url");
              }}
              aria-describedby={describedBy}
              hasError={hasError}
              placeholder="https://example.com/hooks/hookline"
              className="font-mono"
              autoComplete="off"
            />
          )}
        </Field>
        <div className="-mt-2">
          <SendTestButton
            getUrl={() => url}
            eventType={isJobSearch ? "job.new" : "company.new"}
            webhookId={initial.webhookId}
            onInvalidUrl={setUrlTestError}
            size="sm"
          />
        </div>

        <Field
          label="Saved search"
          error={errors.search_id}
          hint={
            searches.length === 0 ? (
              <>
                You have no saved searches yet.{" "}
                <Link href="/searches" className="font-medium text-slate-900 underline">
                  Create a search
                </Link>{" "}
                first.
              </>
            ) : (
              <>
                Every new record this search matches becomes one event.{" "}
                <Link href="/searches" className="underline">
                  Manage searches
                </Link>
              </>
            )
          }
        >
          {({ id, describedBy, hasError }) => (
            <Select
              id={id}
              name="search_id"
              value={searchId}
              onChange={(e) => {
                setSearchId(e.target.value);
                markEdited("search_id");
              }}
              aria-describedby={describedBy}
              hasError={hasError}
            >
              <option value="">Choose a search…</option>
              {searches.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.type === "job" ? "jobs" : "companies"})
                </option>
              ))}
            </Select>
          )}
        </Field>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">Start listening</legend>
          {isEdit && initial.savedListeningStartTime ? (
            <Radio
              name="listening_start"
              value="keep"
              checked={listeningStart === "keep"}
              onChange={() => setListeningStart("keep")}
              label="Keep the current start"
              description={`Records discovered since ${formatInZone(initial.savedListeningStartTime, timeZone)} (${timeZone}).`}
            />
          ) : null}
          <Radio
            name="listening_start"
            value="now"
            checked={listeningStart === "now"}
            onChange={() => setListeningStart("now")}
            label="From now"
            description="Only records discovered after you save."
          />
          <Radio
            name="listening_start"
            value="search_start"
            checked={listeningStart === "search_start"}
            onChange={() => setListeningStart("search_start")}
            label="From the start of the search"
            description="Every record the search matches, including those already discovered."
          />
          {errors.listening_start ? <p className="text-xs font-medium text-red-600">{errors.listening_start[0]}</p> : null}
          <PreviewLine isEnabled={Boolean(search)} listeningStart={listeningStart} isEdit={isEdit} preview={preview} />
        </fieldset>

        {isJobSearch ? (
          <label className="flex items-start gap-3 text-sm">
            <input
              type="checkbox"
              name="trigger_once_per_company"
              checked={isOncePerCompany}
              onChange={(e) => setIsOncePerCompany(e.target.checked)}
              className="mt-0.5 h-4 w-4 rounded border-slate-300"
            />
            <span>
              <span className="font-medium text-slate-800">Trigger once per company</span>
              <span className="block text-xs text-slate-500">Send only the first matching job of each company.</span>
              {errors.trigger_once_per_company ? (
                <span className="block text-xs font-medium text-red-600">{errors.trigger_once_per_company[0]}</span>
              ) : null}
            </span>
          </label>
        ) : null}

        <Field label="Description (optional)" error={errors.description}>
          {({ id, describedBy, hasError }) => (
            <Textarea
              id={id}
              name="description"
              rows={2}
              value={description}
              onChange={(e) => {
                setDescription(e.target.value);
                markEdited("description");
              }}
              aria-describedby={describedBy}
              hasError={hasError}
            />
          )}
        </Field>
      </div>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : isEdit ? "Save changes" : "Create webhook"}
        </Button>
        <ButtonLink variant="ghost" href={initial.webhookId ? `/webhooks/${initial.webhookId}` : "/webhooks"}>
          Cancel
        </ButtonLink>
      </div>
      {freshSignIn.dialog}
    </form>
  );
}

function Radio({
  name,
  value,
  checked,
  onChange,
  label,
  description,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  label: string;
  description: string;
}) {
  return (
    <label
      className={`flex cursor-pointer items-start gap-3 rounded-md border px-3 py-2.5 text-sm transition-colors ${
        checked ? "border-slate-900 bg-slate-50" : "border-slate-200 hover:border-slate-300"
      }`}
    >
      <input type="radio" name={name} value={value} checked={checked} onChange={onChange} className="mt-0.5" />
      <span>
        <span className="font-medium text-slate-800">{label}</span>
        <span className="block text-xs text-slate-500">{description}</span>
      </span>
    </label>
  );
}

function PreviewLine({
  isEnabled,
  listeningStart,
  isEdit,
  preview,
}: {
  isEnabled: boolean;
  listeningStart: ListeningStartFormChoice;
  isEdit: boolean;
  preview: { data?: Preview; isFetching: boolean; isError: boolean };
}) {
  let content: React.ReactNode;
  if (!isEnabled) content = "Choose a search to see how many records this would trigger.";
  else if (preview.isError) content = "Could not compute the preview.";
  else if (!preview.data) content = "Counting matching records…";
  else if (listeningStart === "now") {
    content = (
      <>
        Nothing is sent right away; new matches cost 1 credit each. Balance:{" "}
        <strong className="tabular-nums">{formatCount(preview.data.balance)}</strong> credits.
      </>
    );
  } else {
    const { records, balance, is_short_of_credits: isShort } = preview.data;
    content = (
      <>
        <strong className="tabular-nums">{formatCount(records)}</strong> matching record{records === 1 ? "" : "s"}
        {isEdit ? " (those already sent are not sent again)" : " would trigger now"} · costs{" "}
        <strong className="tabular-nums">{formatCount(records)}</strong> credit{records === 1 ? "" : "s"} (balance{" "}
        <strong className="tabular-nums">{formatCount(balance)}</strong>)
        {isShort ? (
          <span className="block text-amber-700">
            Only {formatCount(balance)} can be sent now; the other {formatCount(records - balance)} wait as “not triggered” until you
            add credits.
          </span>
        ) : null}
      </>
    );
  }
  return (
    <p data-testid="trigger-preview" aria-live="polite" className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-700">
      {content}
    </p>
  );
}
