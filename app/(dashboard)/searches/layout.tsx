import { Toaster } from "@/components/ui/toast";

export default function SearchesLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <>
      {children}
      <Toaster />
    </>
  );
}
