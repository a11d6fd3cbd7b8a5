"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { acceptInvitationAction } from "@/lib/actions/accept-invitation";

export function AcceptInvitationButton({ invitationId }: { invitationId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  return (
    <div className="space-y-2">
      <Button
        type="button"
        className="w-full"
        disabled={isBusy}
        onClick={async () => {
          setIsBusy(true);
          const result = await acceptInvitationAction({ invitation_id: invitationId });
          setIsBusy(false);
          if (!result.ok) return setError(result.error);
          router.push("/usage");
          router.refresh();
        }}
      >
        {isBusy ? "Joining…" : "Accept and join"}
      </Button>
      {error ? (
        <p role="alert" className="text-sm font-medium text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
