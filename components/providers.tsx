"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { FocusFirstInvalid } from "@/components/layout/focus-first-invalid";

// zod compiles object parsers with `new Function` when it may, and probes for it on first use: under
// the Content-Security-Policy (no 'unsafe-eval') the probe is reported as a violation. In the browser
// it parses small forms, where the interpreter is as good. The server keeps the compiled parsers.
if (typeof window !== "undefined") z.config({ jitless: true });

export function Providers({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, refetchOnWindowFocus: true } } }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <FocusFirstInvalid />
      {children}
    </QueryClientProvider>
  );
}
