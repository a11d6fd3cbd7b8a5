// POST /api/v1/companies — ingest up to 1,000 companies, all-or-nothing; answers new/duplicate/event counts
import { withWorkspace } from "@/lib/auth/workspace";
import { ingestRecords } from "@/lib/matching/ingest";
import { parseIngestRequest } from "@/lib/matching/ingest-request";
import { otherMethods } from "@/lib/api/methods";

export const POST = withWorkspace(async ({ request, accountId, db }) => {
  const records = await parseIngestRequest(request, "company");
  return ingestRecords(db, accountId, "company", records);
}, { via: "api", permission: "record.ingest" });

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
