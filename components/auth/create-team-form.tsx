"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { createTeamAction } from "@/lib/actions/create-team";

export function CreateTeamForm() {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>();
  const [isBusy, setIsBusy] = useState(false);
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      // Not <form action>: React resets the fields after an action, which would lose the name on an error.
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setIsBusy(true);
        const result = await createTeamAction({ name: String(form.get("name") ?? "") });
        setIsBusy(false);
        if (!result.ok) return setError(result.fieldErrors.name?.[0] ?? result.error);
        setError(undefined);
        router.push("/usage");
        router.refresh();
      }}
    >
      <div className="min-w-56 flex-1">
        <Field label="Team name" error={error}>
          {(ids) => <Input id={ids.id} name="name" required maxLength={100} hasError={ids.hasError} aria-describedby={ids.describedBy} />}
        </Field>
      </div>
      <Button type="submit" disabled={isBusy}>
        {isBusy ? "Creating…" : "Create team"}
      </Button>
    </form>
  );
}
