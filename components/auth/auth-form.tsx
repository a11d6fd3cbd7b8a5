"use client";
// The sign-in, sign-up, forgot- and reset-password forms: one component, one field list each.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { authClient, authErrorMessage } from "@/lib/auth/client";

type Mode = "sign-in" | "sign-up" | "forgot-password" | "reset-password";

const TITLES: Record<Mode, string> = {
  "sign-in": "Sign in",
  "sign-up": "Create your account",
  "forgot-password": "Reset your password",
  "reset-password": "Choose a new password",
};

export function AuthForm({ mode, next, token, demoAvailable }: { mode: Mode; next?: string; token?: string; demoAvailable?: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const destination = next ?? "/usage";
  const withNext = (path: string) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

  // Not <form action>: React resets the fields after an action, which would lose what was typed on an error.
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setIsBusy(true);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    try {
      const result =
        mode === "sign-in"
          ? await authClient.signIn.email({ email, password })
          : mode === "sign-up"
            ? await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "") })
            : mode === "forgot-password"
              ? await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" })
              : await authClient.resetPassword({ newPassword: password, token: token ?? "" });
      if (result.error) {
        setError(authErrorMessage(result.error, "Something went wrong. Try again."));
        return;
      }
      if (mode === "forgot-password") {
        setNotice("If an account exists for that address, a reset link is on its way. It works for one hour.");
        return;
      }
      if (mode === "reset-password") {
        router.push("/sign-in?reset=1");
        return;
      }
      router.push(destination);
      router.refresh();
    } finally {
      setIsBusy(false);
    }
  }

  async function exploreDemo() {
    setIsBusy(true);
    setError(null);
    const response = await fetch("/api/demo/session", { method: "POST" });
    setIsBusy(false);
    if (!response.ok) {
      setError("The demo is not available.");
      return;
    }
    router.push("/usage");
    router.refresh();
  }

  return (
    <div>
      <h1 className="mb-4 text-xl font-semibold tracking-tight">{TITLES[mode]}</h1>
      {notice ? (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {notice}
        </p>
      ) : null}
      <form onSubmit={submit} className="space-y-4">
        {mode === "sign-up" ? (
          <Field label="Name">{(ids) => <Input id={ids.id} name="name" autoComplete="name" required maxLength={100} />}</Field>
        ) : null}
        {mode !== "reset-password" ? (
          <Field label="Email">{(ids) => <Input id={ids.id} name="email" type="email" autoComplete="email" required maxLength={254} />}</Field>
        ) : null}
        {mode !== "forgot-password" ? (
          <Field label={mode === "reset-password" ? "New password" : "Password"} hint={mode === "sign-in" ? undefined : "At least 8 characters."}>
            {(ids) => (
              <Input
                id={ids.id}
                name="password"
                type="password"
                autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
                required
                minLength={mode === "sign-in" ? undefined : 8}
                maxLength={128}
                aria-describedby={ids.describedBy}
              />
            )}
          </Field>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm font-medium text-red-600">
            {error}
          </p>
        ) : null}
        <Button type="submit" className="w-full" disabled={isBusy}>
          {isBusy ? "One moment…" : mode === "forgot-password" ? "Send the reset link" : TITLES[mode]}
        </Button>
      </form>
      {demoAvailable && mode === "sign-in" ? (
        <div className="mt-4 border-t border-slate-100 pt-4">
          <Button type="button" variant="secondary" className="w-full" onClick={exploreDemo} disabled={isBusy}>
            Explore the demo
          </Button>
          <p className="mt-2 text-center text-xs text-slate-500">Signs you in as the demo team&apos;s person, with 30 days of data.</p>
        </div>
      ) : null}
      <div className="mt-5 space-y-1 text-center text-sm text-slate-600">
        {mode === "sign-in" ? (
          <>
            <p>
              New here?{" "}
              <Link className="font-medium text-slate-900 hover:underline" href={withNext("/sign-up")}>
                Create an account
              </Link>
            </p>
            <p>
              <Link className="hover:underline" href="/forgot-password">
                Forgot your password?
              </Link>
            </p>
          </>
        ) : (
          <p>
            <Link className="font-medium text-slate-900 hover:underline" href={withNext("/sign-in")}>
              Back to sign in
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}
