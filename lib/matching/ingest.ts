// Ingest (SPEC §1, §3): all-or-nothing. In one transaction: lock the account (detection and credits
// serialize on it), insert the batch's new records, then detect events for them in one statement.
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { debitCredits, lockAccountCredits } from "@/db/queries/accounts";
import type { ingestResponseSchema } from "@/lib/api/schemas/credits";
import { countCreditsDebited, countEventsCreated, countIngest } from "@/lib/metrics/metrics";
import { insertDetectedEvents } from "@/db/queries/matching";
import { wakeDelivery } from "@/lib/delivery/wake";
import { insertNewCompanies, insertNewJobs } from "@/db/queries/records";
import type { NewCompany, NewJob } from "@/db/schema";
import { instantOf } from "@/lib/validation/dates";
import type { CompanyRecordInput, JobRecordInput, RecordType } from "@/lib/validation/records";

export type IngestResult = z.output<typeof ingestResponseSchema>;

/** Options shared by the matching functions. */
export type MatchingOptions = {
  /** The clock of this call (ingest time, detection time, "posted within N days" reference). Default: now. */
  now?: Date;
};

const orNull = <T>(value: T | null | undefined): T | null => (value === undefined ? null : value);

function toJobRow(accountId: string, input: JobRecordInput, now: Date): NewJob {
  return {
    accountId,
    externalId: input.external_id,
    title: input.title,
    companyName: orNull(input.company_name),
    companyDomain: orNull(input.company_domain),
    countryCode: orNull(input.country_code),
    location: orNull(input.location),
    remote: orNull(input.remote),
    seniority: orNull(input.seniority),
    minAnnualSalaryUsd: orNull(input.min_annual_salary_usd),
    maxAnnualSalaryUsd: orNull(input.max_annual_salary_usd),
    datePosted: input.date_posted ? instantOf(input.date_posted) : null,
    url: orNull(input.url),
    data: input,
    discoveredAt: now,
  };
}

function toCompanyRow(accountId: string, input: CompanyRecordInput, now: Date): NewCompany {
  return {
    accountId,
    externalId: input.external_id,
    name: input.name,
    domain: orNull(input.domain),
    countryCode: orNull(input.country_code),
    industry: orNull(input.industry),
    employeeCount: orNull(input.employee_count),
    technologies: input.technologies ?? [],
    data: input,
    discoveredAt: now,
  };
}

/**
 * Stores the new records of a validated batch and creates their events. A known external id (from
 * an earlier batch, a concurrent one, or earlier in this batch) counts as a duplicate.
 */
export async function ingestRecords(
  db: DbOrTx,
  accountId: string,
  type: RecordType,
  records: unknown[],
  options: MatchingOptions = {},
): Promise<IngestResult> {
  const now = options.now ?? new Date();
  // The first occurrence of an external id within the batch wins; the rest are duplicates.
  const seen = new Set<string>();
  const unique: (JobRecordInput | CompanyRecordInput)[] = [];
  for (const record of records as (JobRecordInput | CompanyRecordInput)[]) {
    if (seen.has(record.external_id)) continue;
    seen.add(record.external_id);
    unique.push(record);
  }
  const result = await db.transaction(async (tx) => {
    const credits = await lockAccountCredits(tx, accountId);
    const ids =
      type === "job"
        ? await insertNewJobs(tx, unique.map((r) => toJobRow(accountId, r as JobRecordInput, now)))
        : await insertNewCompanies(tx, unique.map((r) => toCompanyRow(accountId, r as CompanyRecordInput, now)));
    const counts =
      ids.length === 0
        ? { events_triggered: 0, events_not_triggered: 0 }
        : await insertDetectedEvents(tx, { accountId, type, scope: { kind: "records", recordIds: ids }, credits, now });
    await debitCredits(tx, { accountId, amount: counts.events_triggered, reason: `${counts.events_triggered} ${type}.new events` });
    return { new: ids.length, duplicate: records.length - ids.length, ...counts };
  });
  countIngest(type, result);
  countEventsCreated(result);
  countCreditsDebited(result.events_triggered);
  // Committed: hand the new events to delivery now rather than at its next poll.
  if (result.events_triggered > 0) wakeDelivery();
  return result;
}
