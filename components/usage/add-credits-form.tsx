"use client";
// "Add credits": a server action, inline errors, and how many waiting events it triggered.
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { addCreditsAction } from "@/lib/actions/add-credits";
import type { ActionResult } from "@/lib/actions/safe-action";
import { useCan } from "@/components/auth/workspace-context";

type AddCreditsResult = ActionResult<{ balance: number; eventsTriggered: number; added: number }> | null;

const full = new Intl.NumberFormat("en-US");

export function AddCreditsForm(props: { onAdded?: () => void }) {
  return useCan("credits.add") ? <AddCreditsControl {...props} /> : null;
}

function AddCreditsControl({ onAdded }: { onAdded?: () => void }) {
  const [state, formAction, isPending] = useActionState<AddCreditsResult, FormData>(async (_previous, formData) => {
    const result = await addCreditsAction({ amount: formData.get("amount") });
    if (result.ok) onAdded?.();
    return result;
  }, null);
  const amountError = state && !state.ok ? (state.fieldErrors.amount ?? (Object.keys(state.fieldErrors).length ? undefined : state.error)) : undefined;
  return (
    <form action={formAction} className="space-y-3" aria-label="Add credits" noValidate>
      <div className="flex items-start gap-2">
        <div className="w-40">
          <Field label="Credits to add" error={amountError}>
            {({ id, describedBy, hasError }) => (
              <Input
                id={id}
                name="amount"
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                placeholder="1000"
                defaultValue={state && !state.ok ? undefined : ""}
                aria-describedby={describedBy}
                hasError={hasError}
                required
              />
            )}
          </Field>
        </div>
        {/* Level with the input, below its label, whether or not an error shows under it. */}
        <div className="pt-[1.625rem]">
          <Button type="submit" disabled={isPending}>
            {isPending ? "Adding…" : "Add credits"}
          </Button>
        </div>
      </div>
      {state?.ok ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="add-credits-result">
          Added {full.format(state.data.added)} credits.{" "}
          {state.data.eventsTriggered > 0
            ? `${full.format(state.data.eventsTriggered)} waiting ${state.data.eventsTriggered === 1 ? "event was" : "events were"} caught up and sent.`
            : "No waiting events needed catching up."}
        </p>
      ) : null}
    </form>
  );
}
