import { redirect } from "next/navigation";
import { connection } from "next/server";
import { CreateTeamForm } from "@/components/auth/create-team-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { getSignedInPerson } from "@/lib/auth/session";

export const metadata = { title: "No team · Hookline" };

export default async function NoTeamPage() {
  await connection();
  const person = await getSignedInPerson();
  if (!person) redirect("/sign-in");
  return (
    <div className="space-y-4 text-sm">
      <h1 className="text-xl font-semibold tracking-tight">You are not in a team</h1>
      <p className="text-slate-600">Signed in as {person.email}. Accept an invitation from its mail, or create a team of your own.</p>
      <CreateTeamForm />
      <SignOutButton className="text-slate-600 hover:underline" />
    </div>
  );
}
