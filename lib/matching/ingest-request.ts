// The body of POST /api/v1/jobs and /companies: at most 1,000 records and 5 MB (413 beyond), every
// record valid (400 naming records[i].field otherwise) before anything is written.
import { parseJsonBody } from "@/lib/api/route";
import { validationError } from "@/lib/errors";
import { payloadTooLarge } from "@/lib/errors";
import { z } from "zod";
import {
  countRawRecords,
  ingestBodySchema,
  MAX_INGEST_BODY_BYTES,
  MAX_RECORDS_PER_BATCH,
  type RecordInput,
  type RecordType,
} from "@/lib/validation/records";

export async function parseIngestRequest(request: Request, type: RecordType): Promise<RecordInput[]> {
  const body = await parseJsonBody(request, z.unknown(), { maxBytes: MAX_INGEST_BODY_BYTES });
  const count = countRawRecords(body);
  if (count > MAX_RECORDS_PER_BATCH) {
    throw payloadTooLarge(`At most ${MAX_RECORDS_PER_BATCH} records per call; this one has ${count}. Split the batch.`);
  }
  const parsed = ingestBodySchema(type).safeParse(body);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data.records;
}
