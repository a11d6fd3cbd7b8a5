import "server-only";
// Loads a webhook for a page, answering the 404 page for unknown, malformed and other accounts' ids.
import { notFound } from "next/navigation";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { getWebhook } from "@/lib/webhooks/service";

export async function loadWebhookOr404(db: Db, accountId: string, id: string) {
  try {
    return await getWebhook(db, accountId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
