// GET /api/health — {status}: "ok", or "degraded" with a 503 when the database does not answer; and
// the event loop's delay (used by the e2e web server, scripts/screenshots.ts and load balancers)
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db/client";
import { checkHealth } from "@/lib/api/health";
import { withRequest } from "@/lib/api/with-request";

export const dynamic = "force-dynamic";

export const GET = withRequest(async () => {
  const { httpStatus, report } = await checkHealth(async () => {
    const { db } = await getDatabase();
    await db.execute(sql`select 1`);
  });
  return Response.json(report, { status: httpStatus, headers: { "cache-control": "no-store" } });
}, { logLevel: "debug" });
