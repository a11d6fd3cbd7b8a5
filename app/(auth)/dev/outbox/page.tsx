// Development outbox: every mail the app would have sent without SMTP_URL, newest first, with its link.
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { listRecentMails } from "@/db/queries/mails";
import { isOutboxEnabled } from "@/lib/mail/send";

export const metadata = { title: "Outbox · Hookline" };

export default async function OutboxPage() {
  await connection();
  if (!isOutboxEnabled()) notFound();
  const mails = await listRecentMails(await getDb(), 50);
  return (
    <div>
      <h1 className="mb-1 text-xl font-semibold tracking-tight">Outbox</h1>
      <p className="mb-4 text-sm text-slate-600">Development only: mails are listed here (and logged) instead of sent, since SMTP_URL is not set.</p>
      {mails.length === 0 ? <p className="text-sm text-slate-500">No mail yet.</p> : null}
      <ul className="space-y-3">
        {mails.map((mail) => (
          <li key={mail.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="outbox-mail">
            <p className="font-medium">{mail.subject}</p>
            <p className="text-xs text-slate-500">
              to {mail.to} · {mail.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC · {mail.status}
            </p>
            {mail.link ? (
              <a className="mt-1 block break-all text-blue-700 hover:underline" href={mail.link}>
                {mail.link}
              </a>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
