"use client";
// Sensitive steps (a signing secret, a webhook's URL) need a sign-in within the last 10 minutes. When
// an action answers `reauthentication_required`, ask for the password, sign in again (a fresh
// session), and run the action once more.
import { useContext, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { authClient, authErrorMessage } from "@/lib/auth/client";
import type { ActionResult } from "@/lib/actions/safe-action";
import { WorkspaceEmailContext } from "./workspace-context";

export function useFreshSignIn() {
  const email = useContext(WorkspaceEmailContext);
  const [isOpen, setIsOpen] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [isBusy, setIsBusy] = useState(false);
  const [password, setPassword] = useState("");
  const settle = useRef<((confirmed: boolean) => void) | null>(null);

  async function run<T>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
    const result = await action();
    if (result.ok || result.code !== "reauthentication_required") return result;
    setError(undefined);
    setPassword("");
    setIsOpen(true);
    const confirmed = await new Promise<boolean>((resolve) => (settle.current = resolve));
    setIsOpen(false);
    return confirmed ? action() : result;
  }

  async function confirm() {
    setIsBusy(true);
    const { error: signInError } = await authClient.signIn.email({ email, password });
    setIsBusy(false);
    if (signInError) return setError(authErrorMessage(signInError, "Wrong password"));
    settle.current?.(true);
  }

  const dialog = (
    <ConfirmDialog
      open={isOpen}
      title="Confirm your password"
      confirmLabel={isBusy ? "Checking…" : "Continue"}
      isBusy={isBusy}
      onCancel={() => settle.current?.(false)}
      onConfirm={confirm}
    >
      <p className="mb-3">This step needs a sign-in within the last 10 minutes.</p>
      <Field label={`Password for ${email}`} error={error}>
        {(ids) => (
          <Input
            id={ids.id}
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="current-password"
            hasError={ids.hasError}
            aria-describedby={ids.describedBy}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                void confirm();
              }
            }}
          />
        )}
      </Field>
    </ConfirmDialog>
  );
  return { run, dialog };
}
