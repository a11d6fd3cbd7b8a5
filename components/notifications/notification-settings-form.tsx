"use client";
// The alert channels form (Settings → Notifications): members by email, a Slack-compatible URL and
// an operational-events endpoint with its signing secret.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { toast } from "@/components/ui/toast";
import { updateNotificationSettingsAction } from "@/lib/actions/update-notification-settings";

type Member = { userId: string; name: string; email: string; role: string };

export function NotificationSettingsForm({
  canEdit,
  members,
  initial,
  opsSecret,
}: {
  canEdit: boolean;
  members: Member[];
  initial: { emailUserIds: string[]; slackUrl: string; opsUrl: string };
  opsSecret: string | null;
}) {
  const router = useRouter();
  const [emailUserIds, setEmailUserIds] = useState<string[]>(initial.emailUserIds);
  const [slackUrl, setSlackUrl] = useState(initial.slackUrl);
  const [opsUrl, setOpsUrl] = useState(initial.opsUrl);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [isPending, startTransition] = useTransition();

  function toggle(userId: string) {
    setEmailUserIds((ids) => (ids.includes(userId) ? ids.filter((id) => id !== userId) : [...ids, userId]));
  }

  function save(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await updateNotificationSettingsAction({ email_user_ids: emailUserIds, slack_url: slackUrl, ops_url: opsUrl });
      if (!result.ok) {
        setErrors(result.fieldErrors);
        toast({ title: "Could not save the alert channels", description: result.error, tone: "error" });
        return;
      }
      setErrors({});
      toast({ title: "Alert channels saved", tone: "success" });
      router.refresh();
    });
  }

  return (
    <form onSubmit={save} className="space-y-5" aria-label="Alert channels">
      <fieldset disabled={!canEdit || isPending} className="space-y-5">
        <div>
          <legend className="text-sm font-medium text-slate-800">Email</legend>
          <p className="mb-2 text-xs text-slate-500">Members who get an email for each alert.</p>
          <ul className="grid gap-1.5 sm:grid-cols-2">
            {members.map((m) => (
              <li key={m.userId}>
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={emailUserIds.includes(m.userId)} onChange={() => toggle(m.userId)} aria-label={`Email ${m.email}`} />
                  <span className="text-slate-800">{m.name || m.email}</span>
                  <span className="text-xs text-slate-500">{m.email}</span>
                </label>
              </li>
            ))}
          </ul>
          {errors.email_user_ids ? <p className="mt-1 text-xs font-medium text-red-600">{errors.email_user_ids[0]}</p> : null}
        </div>
        <Field label="Slack-compatible incoming webhook URL" hint='Optional. Gets {"text": "…"} for each alert.' error={errors.slack_url}>
          {({ id, describedBy, hasError }) => (
            <Input id={id} aria-describedby={describedBy} hasError={hasError} value={slackUrl} onChange={(e) => setSlackUrl(e.target.value)} placeholder="https://hooks.slack.com/services/…" />
          )}
        </Field>
        <Field
          label="Operational events endpoint"
          hint="Optional. Hookline POSTs its operational events here, signed like webhook deliveries (Standard Webhooks): endpoint.degraded, endpoint.failing, endpoint.disabled, endpoint.recovered, event.exhausted (at most hourly), credits.low and credits.exhausted."
          error={errors.ops_url}
        >
          {({ id, describedBy, hasError }) => (
            <Input id={id} aria-describedby={describedBy} hasError={hasError} value={opsUrl} onChange={(e) => setOpsUrl(e.target.value)} placeholder="https://ops.example.com/hookline" />
          )}
        </Field>
        {opsSecret ? (
          <p className="text-xs text-slate-600">
            Its signing secret: <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono break-all" data-testid="ops-secret">{opsSecret}</code>
          </p>
        ) : null}
      </fieldset>
      {canEdit ? (
        <Button type="submit" disabled={isPending}>
          {isPending ? "Saving…" : "Save alert channels"}
        </Button>
      ) : (
        <p className="text-xs text-slate-500">Only admins and owners change the alert channels.</p>
      )}
    </form>
  );
}
