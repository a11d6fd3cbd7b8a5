import { Toaster } from "@/components/ui/toast";

export default function WebhooksLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <>
      {children}
      <Toaster />
    </>
  );
}
