import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { UsageDashboard } from "@/components/usage/usage-dashboard";
import { AppError } from "@/lib/errors";
import { getPageWorkspace } from "@/lib/auth/page";
import { getUsageFirstDataAt, getUsageSummary } from "@/lib/usage/service";
import { readTimeZoneParam, readViewState, TIME_ZONE_COOKIE, viewStateToSearch } from "@/lib/usage/view-state";
import { isValidTimeZone } from "@/lib/validation/dates";

export const metadata = { title: "Usage · Hookline" };

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const [params, cookieStore] = await Promise.all([searchParams, cookies()]);
  const remembered = cookieStore.get(TIME_ZONE_COOKIE)?.value;
  // The link's zone (tz), else the person's remembered one; the dashboard then uses the browser's if neither.
  const timeZone = readTimeZoneParam(params).timeZone ?? (remembered && isValidTimeZone(remembered) ? remembered : "UTC");
  const now = new Date();
  // A range the link asks for that cannot be shown renders the default range, and the dashboard
  // (reading the same URL with the same function) says which parameter was refused and why.
  const { accountId, db } = await getPageWorkspace();
  const firstDataAt = await getUsageFirstDataAt(db, accountId);
  const { view } = readViewState(params, now, timeZone, firstDataAt);
  let summary;
  try {
    summary = await getUsageSummary(db, accountId, { from: view.from, to: view.to, timeZone, groupBy: view.groupBy, webhookId: view.webhookId ?? undefined });
  } catch (error) {
    // A webhook id from an old link that is gone: show every webhook rather than an error page.
    if (error instanceof AppError && error.code === "not_found") redirect(`/usage?${viewStateToSearch({ ...view, webhookId: null })}`);
    throw error;
  }
  return (
    <>
      <PageHeader title="Usage" description="Webhook events by status and by webhook, and your API credits." />
      <UsageDashboard initialSummary={summary} serverTimeZone={timeZone} serverNow={now.toISOString()} firstDataAt={firstDataAt?.toISOString() ?? null} />
    </>
  );
}
