// POST /api/v1/jobs — ingest up to 1,000 jobs, all-or-nothing; answers new/duplicate/event counts
import { withWorkspace } from "@/lib/auth/workspace";
import { ingestRecords } from "@/lib/matching/ingest";
import { parseIngestRequest } from "@/lib/matching/ingest-request";
import { otherMethods } from "@/lib/api/methods";

export const POST = withWorkspace(async ({ request, accountId, db }) => {
  const records = await parseIngestRequest(request, "job");
  return ingestRecords(db, accountId, "job", records);
}, { via: "api", permission: "record.ingest" });

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
