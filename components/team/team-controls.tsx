"use client";
// The Team page's controls. Each calls its server action; the server checks the role again.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { TD, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { cancelInvitationAction } from "@/lib/actions/cancel-invitation";
import { deleteTeamAction } from "@/lib/actions/delete-team";
import { inviteMemberAction } from "@/lib/actions/invite-member";
import { removeMemberAction } from "@/lib/actions/remove-member";
import { updateMemberRoleAction } from "@/lib/actions/update-member-role";
import type { ActionResult } from "@/lib/actions/safe-action";

const ROLE_OPTIONS = [
  { value: "owner", label: "Owner" },
  { value: "admin", label: "Admin" },
  { value: "member", label: "Member" },
  { value: "viewer", label: "Viewer" },
] as const;

function useRefreshAfter() {
  const router = useRouter();
  return async <T,>(work: Promise<ActionResult<T>>, success: string): Promise<ActionResult<T>> => {
    const result = await work;
    if (result.ok) {
      toast({ title: success, tone: "success" });
      router.refresh();
    } else {
      toast({ title: "Not done", description: result.error, tone: "error" });
    }
    return result;
  };
}

type MemberView = { memberId: string; name: string; email: string; role: string; createdAt: string };

export function MemberRow({ member, isSelf, canManage, canMakeOwner }: { member: MemberView; isSelf: boolean; canManage: boolean; canMakeOwner: boolean }) {
  const refreshAfter = useRefreshAfter();
  const roleLabel = ROLE_OPTIONS.find((option) => option.value === member.role)?.label ?? member.role;
  return (
    <TR>
      <td className="px-4 py-3 text-sm">
        <p className="font-medium text-slate-900">
          {member.name} {isSelf ? <span className="text-xs font-normal text-slate-500">(you)</span> : null}
        </p>
        <p className="text-xs text-slate-500">{member.email}</p>
      </td>
      <TD>
        {canManage && !isSelf ? (
          <select
            aria-label={`Role of ${member.email}`}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
            defaultValue={member.role}
            onChange={(event) =>
              refreshAfter(updateMemberRoleAction({ member_id: member.memberId, role: event.target.value }), `${member.email} is now ${event.target.value}`)
            }
          >
            {ROLE_OPTIONS.filter((option) => canMakeOwner || option.value !== "owner" || member.role === "owner").map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        ) : (
          roleLabel
        )}
      </TD>
      <TD>{member.createdAt.slice(0, 10)}</TD>
      <TD className="text-right">
        {canManage && !isSelf ? (
          <Button type="button" size="sm" variant="ghost" onClick={() => refreshAfter(removeMemberAction({ member_id: member.memberId }), `${member.email} removed`)}>
            Remove
          </Button>
        ) : null}
      </TD>
    </TR>
  );
}

export function InviteMemberForm() {
  const refreshAfter = useRefreshAfter();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      // Not <form action>: React resets the fields after an action; they are cleared only once the invitation is sent.
      onSubmit={async (event) => {
        event.preventDefault();
        const element = event.currentTarget;
        const form = new FormData(element);
        const result = await refreshAfter(
          inviteMemberAction({ email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "") }),
          "Invitation sent",
        );
        setErrors(result.ok ? {} : result.fieldErrors);
        if (result.ok) element.reset();
      }}
    >
      <div className="min-w-64 flex-1">
        <Field label="Email" error={errors.email}>
          {(ids) => <Input id={ids.id} name="email" type="email" required maxLength={254} hasError={ids.hasError} aria-describedby={ids.describedBy} />}
        </Field>
      </div>
      <Field label="Role" error={errors.role}>
        {(ids) => (
          <select id={ids.id} name="role" defaultValue="member" className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
            {ROLE_OPTIONS.filter((option) => option.value !== "owner").map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Button type="submit">Send invitation</Button>
    </form>
  );
}

export function InvitationRow({ invitation, canManage }: { invitation: { id: string; email: string; role: string | null; expiresAt: string }; canManage: boolean }) {
  const refreshAfter = useRefreshAfter();
  return (
    <li className="flex items-center justify-between gap-3 px-4 py-3 text-sm" data-testid="pending-invitation">
      <span>
        <span className="font-medium">{invitation.email}</span> · {invitation.role ?? "member"} · expires {invitation.expiresAt.slice(0, 10)}
      </span>
      {canManage ? (
        <Button type="button" size="sm" variant="ghost" onClick={() => refreshAfter(cancelInvitationAction({ invitation_id: invitation.id }), "Invitation cancelled")}>
          Cancel
        </Button>
      ) : null}
    </li>
  );
}

export function DeleteTeamForm({ teamName }: { teamName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      action={async (form) => {
        const result = await deleteTeamAction({ confirm_name: String(form.get("confirm_name") ?? "") });
        if (!result.ok) return setError(result.fieldErrors.confirm_name?.[0] ?? result.error);
        router.push("/usage");
        router.refresh();
      }}
    >
      <div className="min-w-64 flex-1">
        <Field label={`Type “${teamName}” to confirm`} error={error}>
          {(ids) => <Input id={ids.id} name="confirm_name" required hasError={ids.hasError} aria-describedby={ids.describedBy} />}
        </Field>
      </div>
      <Button type="submit" variant="danger">
        Delete team
      </Button>
    </form>
  );
}
