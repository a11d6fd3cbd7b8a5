"use client";
// The header indicator on every dashboard page: running replays (and those finished in the last
// minute), each linking to its page. Polls while the page is open.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { ReplayJobJson } from "@/lib/replays/service";
import { replayKeys } from "./replay-progress";

async function fetchActive(): Promise<ReplayJobJson[]> {
  const response = await fetch("/api/dashboard/replays", { cache: "no-store" });
  if (!response.ok) return [];
  return ((await response.json()) as { data: ReplayJobJson[] }).data;
}

export function ReplayIndicator() {
  const { data = [] } = useQuery({ queryKey: replayKeys.active, queryFn: fetchActive, refetchInterval: 3_000 });
  if (data.length === 0) return null;
  return (
    <div className="mb-4 flex flex-wrap gap-2" data-testid="replay-indicator">
      {data.map((job) => {
        const done = job.delivered + job.failed + job.skipped;
        const text =
          job.status === "running"
            ? `Replaying ${done.toLocaleString("en-US")}/${job.total.toLocaleString("en-US")}`
            : `Replay ${job.status}: ${job.delivered.toLocaleString("en-US")} delivered, ${job.failed.toLocaleString("en-US")} failed`;
        return (
          <Link
            key={job.id}
            href={`/replays/${job.id}`}
            className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-xs font-medium ${
              job.status === "running" ? "border-blue-200 bg-blue-50 text-blue-900" : "border-slate-200 bg-slate-50 text-slate-700"
            }`}
          >
            {job.status === "running" ? <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-blue-600" /> : null}
            {text}
          </Link>
        );
      })}
    </div>
  );
}
