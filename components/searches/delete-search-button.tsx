"use client";
// Deletes a saved search after a second click; a search that webhooks use is refused with the reason.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { deleteSearchAction } from "@/lib/actions/delete-search";

export function DeleteSearchButton({ searchId, name }: { searchId: string; name: string }) {
  const router = useRouter();
  const [isConfirming, setIsConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function remove() {
    startTransition(async () => {
      const result = await deleteSearchAction({ search_id: searchId });
      if (!result.ok) {
        setError(result.error);
        setIsConfirming(false);
        return;
      }
      toast({ title: "Search deleted", tone: "success", description: name });
      router.push("/searches");
      router.refresh();
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      {isConfirming ? (
        <div className="flex gap-2">
          <Button variant="ghost" size="sm" onClick={() => setIsConfirming(false)} disabled={isPending}>
            Keep it
          </Button>
          <Button variant="danger" size="sm" onClick={remove} disabled={isPending}>
            {isPending ? "Deleting…" : "Delete for good"}
          </Button>
        </div>
      ) : (
        <Button variant="secondary" size="sm" onClick={() => (setError(null), setIsConfirming(true))}>
          Delete search
        </Button>
      )}
      {error ? (
        <p role="alert" className="max-w-xs text-right text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
