// Outgoing mail (password resets, invitations): over SMTP with nodemailer when SMTP_URL is set.
// Without it, each mail is logged with its link and kept for the development outbox (/dev/outbox).
// Every mail is recorded with its outcome, and a failed send throws: nothing is dropped silently.
import type { Db } from "@/db/client";
import { insertMail } from "@/db/queries/mails";
import { log } from "@/lib/log";

export type OutgoingMail = { to: string; subject: string; text: string; link: string };

type Env = Record<string, string | undefined>;

/** The development outbox page: on without SMTP outside production, or with DEV_MAIL_OUTBOX=1 (tests). */
export function isOutboxEnabled(env: Env = process.env): boolean {
  if (env.DEV_MAIL_OUTBOX === "1") return true;
  return env.NODE_ENV !== "production" && !env.SMTP_URL;
}

export function mailFrom(env: Env = process.env): string {
  return env.MAIL_FROM || "Hookline <no-reply@hookline.localhost>";
}

export async function sendMail(db: Db, mail: OutgoingMail, env: Env = process.env): Promise<void> {
  const smtpUrl = env.SMTP_URL;
  if (!smtpUrl) {
    log.info({ component: "mail", to: mail.to, subject: mail.subject, link: mail.link }, "no SMTP_URL: mail logged, not sent");
    await insertMail(db, { ...mail, status: "logged" });
    return;
  }
  const { createTransport } = await import("nodemailer");
  const transport = createTransport(smtpUrl);
  try {
    await transport.sendMail({ from: mailFrom(env), to: mail.to, subject: mail.subject, text: mail.text });
    await insertMail(db, { to: mail.to, subject: mail.subject, text: withoutLink(mail), link: null, status: "sent" });
  } catch (error) {
    const message = (error as Error).message;
    log.error({ component: "mail", to: mail.to, subject: mail.subject, err: error }, "could not send a mail");
    await insertMail(db, { to: mail.to, subject: mail.subject, text: withoutLink(mail), link: null, status: "failed", error: message });
    throw new Error(`Could not send the mail to ${mail.to}. Try again later.`);
  } finally {
    transport.close();
  }
}

/** A mail's text as recorded once it went out: its one-time link stays in the mail alone. */
function withoutLink(mail: OutgoingMail): string {
  return mail.text.split(mail.link).join("[link]");
}
