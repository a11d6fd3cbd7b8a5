import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Not allowed</h1>
      <p className="max-w-md text-sm text-slate-600">Your role in this team does not allow this page. An admin of the team can change your role.</p>
      <Link href="/usage" className="text-sm font-medium hover:underline">
        Back to Usage
      </Link>
    </main>
  );
}
