// GET|POST /api/cron/deliver — one delivery run (Vercel Cron or any scheduler), behind CRON_SECRET
import { getDb } from "@/db/client";
import { errorResponse, handleApiError } from "@/lib/api/errors";
import { AppError, unauthorized, unavailable } from "@/lib/errors";
import { withRequest } from "@/lib/api/with-request";
import { isAuthorizedCronRequest } from "@/lib/delivery/cron-auth";
import { pruneAuditLogIfDue } from "@/lib/audit/retention";
import { runRetentionIfDue } from "@/lib/retention/retention";
import { runDeliveryCycle } from "@/lib/delivery/run-cycle";
import { evaluateCreditAlerts } from "@/lib/alerts/credits";
import { evaluateExhaustedDigest } from "@/lib/alerts/exhausted-digest";
import { evaluateEndpointHealth } from "@/lib/health/evaluate";
import { isShuttingDown, trackWork } from "@/lib/lifecycle";
import { startReplayFeeder } from "@/lib/replays/runner";

export const dynamic = "force-dynamic";
// Claims stop after the budget; attempts in flight (up to DELIVERY_TIMEOUT_MS) still finish within this.
export const maxDuration = 60;
const CRON_BUDGET_MS = 40_000;

async function deliver(request: Request): Promise<Response> {
  const secret = process.env.CRON_SECRET;
  if (!secret) {
    return errorResponse(
      new AppError("cron_secret_unset", "CRON_SECRET is not set: the cron route refuses to run without it."),
    );
  }
  if (!isAuthorizedCronRequest(request.headers.get("authorization"), secret)) {
    return errorResponse(unauthorized("Missing or invalid cron secret. Send `Authorization: Bearer $CRON_SECRET`."));
  }
  // A server shutting down takes no new run; a run in progress stops claiming and answers what it did.
  if (isShuttingDown()) return errorResponse(unavailable("shutting_down", "This instance is shutting down. Retry shortly."));
  try {
    // A shutdown waits for the whole run (and keeps the database open for it).
    const summary = await trackWork(
      (async () => {
        const db = await getDb();
        // Bulk replay jobs are fed to the run while it claims (lib/replays/runner.ts).
        const stopReplays = startReplayFeeder(async () => db);
        const result = await runDeliveryCycle(db, { budgetMs: CRON_BUDGET_MS }).finally(stopReplays);
        await pruneAuditLogIfDue(db);
        // Without the built-in scheduler, endpoint health is decided after each run.
        await evaluateEndpointHealth(db);
        await evaluateCreditAlerts(db);
        await evaluateExhaustedDigest(db);
        await runRetentionIfDue(db);
        return result;
      })(),
    );
    return Response.json(summary);
  } catch (error) {
    return handleApiError(error);
  }
}

export const GET = withRequest(deliver);
export const POST = withRequest(deliver);
