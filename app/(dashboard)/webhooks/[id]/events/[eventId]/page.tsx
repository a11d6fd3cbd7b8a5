import { notFound } from "next/navigation";
import { connection } from "next/server";
import { EventView } from "@/components/webhooks/event-view";
import { AppError } from "@/lib/errors";
import { uuidParam } from "@/lib/api/route";
import { buildEventBody } from "@/lib/delivery/payload";
import { recordTypeOf } from "@/lib/event-types";
import { getEventWithAttempts } from "@/lib/events/service";
import { getPageWorkspace } from "@/lib/auth/page";
import { loadWebhookOr404 } from "../../../load-webhook";
import { Breadcrumb } from "@/components/ui/breadcrumb";

export default async function EventPage({ params }: { params: Promise<{ id: string; eventId: string }> }) {
  await connection();
  const { id, eventId } = await params;
  if (!uuidParam.safeParse(eventId).success) notFound();
  const { accountId, db } = await getPageWorkspace();
  const webhook = await loadWebhookOr404(db, accountId, id);
  const event = await getEventWithAttempts(db, accountId, eventId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  if (event.webhook_id !== webhook.id) notFound();
  const payload = buildEventBody({
    eventId: event.id,
    type: recordTypeOf(event.type),
    detectedAt: new Date(event.detected_at),
    webhookId: event.webhook_id,
    data: event.record,
  });

  return (
    <>
      <Breadcrumb items={[{ label: "Webhooks", href: "/webhooks" }, { label: webhook.name, href: `/webhooks/${webhook.id}` }, { label: "Event" }]} />
      <EventView initialEvent={event} payload={payload} />
    </>
  );
}
