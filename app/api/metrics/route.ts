// GET /api/metrics — Prometheus text for scrapers, behind `Authorization: Bearer $METRICS_TOKEN`
// (404 while METRICS_TOKEN is unset, so an unconfigured server shows nothing)
import { getDatabase } from "@/db/client";
import { errorResponse, handleApiError } from "@/lib/api/errors";
import { AppError, unauthorized } from "@/lib/errors";
import { withRequest } from "@/lib/api/with-request";
import { isAuthorizedBearer } from "@/lib/security/bearer";
import { renderMetrics } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

export const GET = withRequest(async (request: Request) => {
  const token = process.env.METRICS_TOKEN ?? "";
  if (!token) return errorResponse(new AppError("not_found", "Not found"));
  if (!isAuthorizedBearer(request.headers.get("authorization"), token)) {
    return errorResponse(unauthorized("Missing or invalid metrics token. Send `Authorization: Bearer $METRICS_TOKEN`."));
  }
  try {
    const { db, poolStats } = await getDatabase();
    const { contentType, body } = await renderMetrics({ db, poolStats });
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (error) {
    return handleApiError(error);
  }
}, { logLevel: "debug" });
