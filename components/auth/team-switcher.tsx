"use client";
// The sidebar's team picker: the person's teams, the current one selected; switching reloads the data.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { switchTeamAction } from "@/lib/actions/switch-team";

export function TeamSwitcher({ teams, activeId }: { teams: { accountId: string; name: string; role: string }[]; activeId: string }) {
  const router = useRouter();
  const [isBusy, setIsBusy] = useState(false);
  return (
    <label className="block px-3">
      <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Team</span>
      <select
        aria-label="Team"
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        value={activeId}
        disabled={isBusy}
        onChange={async (event) => {
          setIsBusy(true);
          const result = await switchTeamAction({ account_id: event.target.value });
          setIsBusy(false);
          if (!result.ok) return toast({ title: "Could not switch teams", description: result.error, tone: "error" });
          router.push("/usage");
          router.refresh();
        }}
      >
        {teams.map((team) => (
          <option key={team.accountId} value={team.accountId}>
            {team.name}
          </option>
        ))}
      </select>
    </label>
  );
}
