// The link of an invitation mail: who invited whom to which team, and "Accept" for the invited person.
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AcceptInvitationButton } from "@/components/auth/accept-invitation-button";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getDb } from "@/db/client";
import { findInvitation } from "@/db/queries/teams";
import { signInUrl } from "@/lib/auth/page-paths";
import { ROLE_LABELS, type MemberRole } from "@/lib/auth/roles";
import { getSignedInPerson } from "@/lib/auth/session";

export const metadata = { title: "Invitation · Hookline" };

export default async function AcceptInvitationPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const person = await getSignedInPerson();
  if (!person) redirect(signInUrl(`/accept-invitation/${encodeURIComponent(id)}`));
  const invitation = id.length <= 100 ? await findInvitation(await getDb(), id) : undefined;
  const isForThisPerson = invitation && invitation.email.toLowerCase() === person.email.toLowerCase();
  if (!invitation || !isForThisPerson) {
    return (
      <div className="space-y-3 text-sm">
        <h1 className="text-xl font-semibold tracking-tight">Invitation not found</h1>
        <p className="text-slate-600">
          No invitation for {person.email} at this link. If it was sent to another address, sign in with that one.
        </p>
        <SignOutButton className="font-medium hover:underline" />
      </div>
    );
  }
  const isOpen = invitation.status === "pending" && invitation.expiresAt > new Date();
  return (
    <div className="space-y-4 text-sm">
      <h1 className="text-xl font-semibold tracking-tight">Join {invitation.teamName}</h1>
      <p className="text-slate-600">
        {invitation.inviterName} invited {invitation.email} to the team <strong>{invitation.teamName}</strong> as{" "}
        {ROLE_LABELS[(invitation.role ?? "member") as MemberRole] ?? invitation.role}.
      </p>
      {isOpen ? (
        <AcceptInvitationButton invitationId={invitation.id} />
      ) : (
        <p role="alert" className="font-medium text-red-600">
          This invitation is {invitation.status === "pending" ? "expired" : invitation.status}. Ask for a new one.
        </p>
      )}
    </div>
  );
}
