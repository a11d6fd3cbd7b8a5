// Records as the ingest API accepts them (SPEC §1). Unknown extra fields are kept: the stored `data`
// is the full object, and that is what a webhook delivers.
import { z } from "zod";
import { checkDateTime } from "./dates";

/** SPEC §7: at most this many records per call (and 5 MB, enforced on the body). */
export const MAX_RECORDS_PER_BATCH = 1000;
export const MAX_INGEST_BODY_BYTES = 5 * 1024 * 1024;

const MAX_INT = 2_147_483_647;
const externalId = z
  .union([z.string(), z.number().int()])
  .transform((value) => String(value).trim())
  .pipe(z.string().min(1, "Must not be empty").max(500, "At most 500 characters"));

const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters`).nullish();

const countryCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, "Expected a 2-letter ISO country code such as ES")
  .transform((value) => value.toUpperCase())
  .nullish();

const nonNegativeInt = z.number().int("Expected an integer").min(0, "Must not be negative").max(MAX_INT, "Too large").nullish();

/** Kept as sent (it is part of the delivered record); lib/matching/ingest.ts reads it with instantOf. */
const isoDate = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const checked = checkDateTime(value, "UTC");
    if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.message });
  })
  .nullish();

const httpUrl = z
  .url({ protocol: /^https?$/, message: "Expected an http(s) URL" })
  .max(2048, "At most 2048 characters")
  .nullish();

export const jobRecordSchema = z.looseObject({
  external_id: externalId,
  title: z.string().trim().min(1, "Must not be empty").max(1000, "At most 1000 characters"),
  company_name: optionalText(500),
  company_domain: optionalText(255),
  country_code: countryCode,
  location: optionalText(500),
  remote: z.boolean("Expected true or false").nullish(),
  seniority: optionalText(100),
  min_annual_salary_usd: nonNegativeInt,
  max_annual_salary_usd: nonNegativeInt,
  date_posted: isoDate,
  url: httpUrl,
});
export type JobRecordInput = z.infer<typeof jobRecordSchema>;

export const companyRecordSchema = z.looseObject({
  external_id: externalId,
  name: z.string().trim().min(1, "Must not be empty").max(500, "At most 500 characters"),
  domain: optionalText(255),
  country_code: countryCode,
  industry: optionalText(200),
  employee_count: nonNegativeInt,
  technologies: z.array(z.string().trim().min(1, "Must not be empty").max(200)).max(1000).nullish(),
});
export type CompanyRecordInput = z.infer<typeof companyRecordSchema>;

export type RecordType = "job" | "company";
export type RecordInput = JobRecordInput | CompanyRecordInput;

export function recordSchemaFor(type: RecordType) {
  return type === "job" ? jobRecordSchema : companyRecordSchema;
}

/** `{"records":[…]}`, or a bare array of records. */
export function ingestBodySchema(type: RecordType) {
  const records = z.array(recordSchemaFor(type) as z.ZodType<RecordInput>, "Expected an array of records");
  return z.preprocess(
    (body) => (Array.isArray(body) ? { records: body } : body),
    z.object({ records }, "Expected a JSON object {\"records\": [...]}"),
  );
}

/** How many records a raw body carries, so an oversized batch is refused (413) before validating it. */
export function countRawRecords(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  const records = (body as { records?: unknown } | null)?.records;
  return Array.isArray(records) ? records.length : 0;
}
