// A bulk replay's page: what it replays, live progress, Cancel.
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PageHeader } from "@/components/ui/page-header";
import { ReplayProgress } from "@/components/replays/replay-progress";
import { findReplayJob } from "@/db/queries/replays";
import { getPageWorkspace } from "@/lib/auth/page";
import { serializeReplayJob } from "@/lib/replays/service";
import { UUID_PATTERN as UUID } from "@/db/ids";

export const metadata = { title: "Replay · Hookline" };

export default async function ReplayPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const { accountId, db } = await getPageWorkspace();
  const job = await findReplayJob(db, accountId, id);
  if (!job) notFound();
  const json = serializeReplayJob(job);
  const filterQuery = new URLSearchParams(Object.entries(json.filter).map(([key, value]) => [key, String(value)]));
  filterQuery.set("status", "failed");
  const filterText = Object.entries(json.filter)
    .map(([key, value]) => `${key} ${value}`)
    .join(" · ");
  return (
    <>
      <PageHeader
        title={json.kind === "since" ? "Recovering failed events" : "Resending matching failed events"}
        description={`Every failed event that matched when it started (${filterText || "all of the team's"}), replayed once. It runs on the server.`}
      />
      <ReplayProgress initial={json} />
      <p className="mt-4 text-sm">
        <Link href={`/events?${filterQuery}`} className="font-medium text-slate-900 underline-offset-2 hover:underline">
          See the events this filter selects now
        </Link>
      </p>
    </>
  );
}
