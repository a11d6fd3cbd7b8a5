import Link from "next/link";
import { AuthForm } from "@/components/auth/auth-form";

export const metadata = { title: "Choose a new password · Hookline" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token, error } = await searchParams;
  if (typeof token !== "string" || !token || error) {
    return (
      <div className="space-y-3 text-sm">
        <h1 className="text-xl font-semibold tracking-tight">This link no longer works</h1>
        <p className="text-slate-600">Reset links work once, for one hour.</p>
        <Link className="font-medium hover:underline" href="/forgot-password">
          Send a new link
        </Link>
      </div>
    );
  }
  return <AuthForm mode="reset-password" token={token} />;
}
