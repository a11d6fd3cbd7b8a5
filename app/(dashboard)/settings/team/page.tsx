// Settings → Team: who is in the team with which role, pending invitations, and (for admins) the
// controls to invite, change roles and remove; owners can delete the team.
import { connection } from "next/server";
import { CreateTeamForm } from "@/components/auth/create-team-form";
import { PageHeader } from "@/components/ui/page-header";
import { DeleteTeamForm, InviteMemberForm, InvitationRow, MemberRow } from "@/components/team/team-controls";
import { Table, TBody, TH, THead, TR } from "@/components/ui/table";
import { listPendingInvitations, listTeamMembers } from "@/db/queries/teams";
import { getPageWorkspace } from "@/lib/auth/page";
import { can } from "@/lib/auth/workspace";

export const metadata = { title: "Team · Hookline" };

export default async function TeamSettingsPage() {
  await connection();
  const workspace = await getPageWorkspace();
  const { db, accountId } = workspace;
  const [people, invitations] = await Promise.all([listTeamMembers(db, accountId), listPendingInvitations(db, accountId)]);
  const team = workspace.memberships.find((m) => m.accountId === accountId);
  const canManage = can(workspace, "member.manage");
  const me = workspace.actor.kind === "user" ? workspace.actor.userId : null;
  return (
    <>
      <PageHeader title={team?.name ?? "Team"} description="The people of this team and what each may do." />
      <section aria-label="Members" className="mb-8">
        <Table>
          <THead>
            <TR>
              <TH>Person</TH>
              <TH>Role</TH>
              <TH>Joined</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </TR>
          </THead>
          <TBody>
            {people.map((person) => (
              <MemberRow
                key={person.memberId}
                member={{ ...person, createdAt: person.createdAt.toISOString() }}
                isSelf={person.userId === me}
                canManage={canManage}
                canMakeOwner={workspace.role === "owner"}
              />
            ))}
          </TBody>
        </Table>
      </section>
      {canManage || invitations.length > 0 ? (
        <section aria-label="Invitations" className="mb-8 space-y-4">
          <h2 className="text-lg font-semibold tracking-tight">Invitations</h2>
          {canManage ? <InviteMemberForm /> : null}
          {invitations.length > 0 ? (
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
              {invitations.map((invitation) => (
                <InvitationRow key={invitation.id} invitation={{ ...invitation, expiresAt: invitation.expiresAt.toISOString() }} canManage={canManage} />
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      <section aria-label="New team" className="mb-8 space-y-3">
        <h2 className="text-lg font-semibold tracking-tight">Create another team</h2>
        <p className="text-sm text-slate-600">A team has its own searches, webhooks, events, credits and API keys.</p>
        <CreateTeamForm />
      </section>
      {can(workspace, "team.delete") ? (
        <section aria-label="Delete team" className="rounded-lg border border-red-200 bg-red-50/40 p-4">
          <h2 className="mb-1 text-lg font-semibold tracking-tight text-red-800">Delete this team</h2>
          <p className="mb-3 text-sm text-slate-700">Deletes its searches, webhooks, events, credits and keys for good.</p>
          <DeleteTeamForm teamName={team?.name ?? ""} />
        </section>
      ) : null}
    </>
  );
}
