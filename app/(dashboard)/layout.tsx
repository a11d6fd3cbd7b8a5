import { cookies } from "next/headers";
import Link from "next/link";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { NavLinks } from "@/components/layout/nav-links";
import { ReplayIndicator } from "@/components/replays/replay-indicator";
import { TimeZoneNote, TimeZoneProvider } from "@/components/layout/time-zone";
import { TIME_ZONE_CHOSEN_COOKIE, TIME_ZONE_COOKIE } from "@/lib/usage/view-state";
import { isValidTimeZone } from "@/lib/validation/dates";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { TeamSwitcher } from "@/components/auth/team-switcher";
import { WorkspaceProvider } from "@/components/auth/workspace-context";
import { getPageWorkspace } from "@/lib/auth/page";
import { PERMISSIONS, ROLE_LABELS, type MemberRole, type Permission } from "@/lib/auth/roles";
import { can } from "@/lib/auth/workspace";

export default async function DashboardLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const workspace = await getPageWorkspace();
  const allowed = Object.fromEntries(
    (Object.keys(PERMISSIONS) as Permission[]).map((permission) => [permission, can(workspace, permission)]),
  ) as Record<Permission, boolean>;
  const person = workspace.actor.kind === "user" ? workspace.actor : null;
  // The zone the person picked on Usage; without one, every page uses the browser's.
  const cookieStore = await cookies();
  const rememberedZone = cookieStore.get(TIME_ZONE_CHOSEN_COOKIE)?.value === "1" ? cookieStore.get(TIME_ZONE_COOKIE)?.value : undefined;
  return (
    <WorkspaceProvider value={{ role: workspace.role, email: person?.email ?? "", allowed }}>
      <TimeZoneProvider remembered={rememberedZone && isValidTimeZone(rememberedZone) ? rememberedZone : null}>
      <DashboardShell
        sidebar={
          <>
            <Link href="/usage" className="mb-6 hidden items-center gap-2 px-3 text-lg font-semibold tracking-tight md:flex">
              <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-blue-600" />
              Hookline
            </Link>
            <div className="mb-4">
              <TeamSwitcher teams={workspace.memberships} activeId={workspace.accountId} />
            </div>
            <NavLinks />
            <div className="mt-auto border-t border-slate-100 px-3 pt-4 text-xs text-slate-600" data-testid="signed-in-as">
              {person ? <p className="truncate font-medium text-slate-800">{person.email}</p> : null}
              <TimeZoneNote />
              <p className="mb-2">{ROLE_LABELS[workspace.role as MemberRole] ?? workspace.role}</p>
              <SignOutButton className="text-slate-600 hover:text-slate-900 hover:underline" />
            </div>
          </>
        }
      >
        <ReplayIndicator />
        {children}
      </DashboardShell>
      </TimeZoneProvider>
    </WorkspaceProvider>
  );
}
