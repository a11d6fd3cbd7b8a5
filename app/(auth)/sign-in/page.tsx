import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthForm } from "@/components/auth/auth-form";
import { isSafeNextPath } from "@/lib/auth/page-paths";
import { getSignedInPerson } from "@/lib/auth/session";
import { isDemoEnvironment } from "@/lib/demo/config";

export const metadata = { title: "Sign in · Hookline" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { next } = await searchParams;
  const safeNext = typeof next === "string" && isSafeNextPath(next) ? next : undefined;
  if (await getSignedInPerson()) redirect(safeNext ?? "/usage");
  return <AuthForm mode="sign-in" next={safeNext} demoAvailable={isDemoEnvironment()} />;
}
