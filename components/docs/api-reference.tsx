"use client";
// The API reference: Scalar renders /api/v1/openapi.json, with "Test Request" sending real calls to
// this server with the API key the person enters (Authentication → Bearer). Its bundle comes from
// this app (/docs/api/scalar.js), its fonts are the page's own (no fonts.scalar.com), and no proxy.
import Script from "next/script";
import { useEffect, useRef, useState } from "react";

type ScalarGlobal = { createApiReference: (element: HTMLElement, config: Record<string, unknown>) => { destroy?: () => void } };

const CONFIG = {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  hideDarkModeToggle: true,
  forceDarkModeState: "light",
  hideClientButton: false,
  layout: "modern",
  authentication: { preferredSecurityScheme: "bearerAuth" },
  metaData: { title: "Hookline API reference" },
  // No toolbar (it offers Scalar's hosted services) and no "Ask AI" (it would send the document to Scalar).
  showDeveloperTools: "never",
  agent: { disabled: true },
};

export function ApiReference({ bundleUrl }: { bundleUrl: string }) {
  const root = useRef<HTMLDivElement>(null);
  const [isLoaded, setIsLoaded] = useState(() => typeof window !== "undefined" && "Scalar" in window);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const scalar = (window as unknown as { Scalar?: ScalarGlobal }).Scalar;
    if (!isLoaded || !scalar || !root.current) return;
    const app = scalar.createApiReference(root.current, CONFIG);
    return () => app?.destroy?.();
  }, [isLoaded]);

  return (
    <>
      <Script src={bundleUrl} strategy="afterInteractive" onReady={() => setIsLoaded(true)} onError={() => setFailed(true)} />
      {failed ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          The API reference could not load. The OpenAPI document itself is at{" "}
          <a className="font-medium underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
          .
        </p>
      ) : null}
      <div ref={root} data-testid="api-reference" className="min-h-[60vh] overflow-hidden rounded-xl border border-slate-200 bg-white" />
    </>
  );
}
