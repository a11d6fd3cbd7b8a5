import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getDb } from "@/db/client";
import { EventView } from "@/components/webhooks/event-view";
import { ApiError } from "@/lib/api/errors";
import { uuidParam } from "@/lib/api/route";
import { buildEventBody } from "@/lib/delivery/payload";
import { getEventWithAttempts } from "@/lib/events/service";
import { getCurrentAccountId } from "@/lib/session";
import { loadWebhookOr404 } from "../../../load-webhook";

export default async function EventPage({ params }: { params: Promise<{ id: string; eventId: string }> }) {
  await connection();
  const { id, eventId } = await params;
  if (!uuidParam.safeParse(eventId).success) notFound();
  const accountId = await getCurrentAccountId();
  const db = await getDb();
  const webhook = await loadWebhookOr404(db, accountId, id);
  const event = await getEventWithAttempts(db, accountId, eventId).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  if (event.webhook_id !== webhook.id) notFound();
  const payload = buildEventBody({
    eventId: event.id,
    type: event.type === "job.new" ? "job" : "company",
    detectedAt: new Date(event.detected_at),
    webhookId: event.webhook_id,
    data: event.record,
  });

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500">
        <Link href="/webhooks" className="hover:text-slate-900 hover:underline">
          Webhooks
        </Link>
        <span className="mx-1.5">/</span>
        <Link href={`/webhooks/${webhook.id}`} className="hover:text-slate-900 hover:underline">
          {webhook.name}
        </Link>
        <span className="mx-1.5">/</span>
        <span className="text-slate-700">Event</span>
      </nav>
      <EventView initialEvent={event} payload={payload} />
    </>
  );
}
