import { notFound } from "next/navigation";
import { connection } from "next/server";
import { EventView } from "@/components/webhooks/event-view";
import { AppError } from "@/lib/errors";
import { uuidParam } from "@/lib/api/route";
import { getEventRequestBody } from "@/lib/delivery/request-body";
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
  // The exact bytes every attempt signed and sent: "Copy as cURL" reproduces the request with them.
  const payload = await getEventRequestBody(db, accountId, event.id);

  return (
    <>
      <Breadcrumb items={[{ label: "Webhooks", href: "/webhooks" }, { label: webhook.name, href: `/webhooks/${webhook.id}` }, { label: "Event" }]} />
      <EventView initialEvent={event} payload={payload} />
    </>
  );
}
