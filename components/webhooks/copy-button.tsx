"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies `text` (or what `getText` resolves to) and says so for two seconds. */
export function CopyButton({
  text,
  getText,
  label = "Copy",
  size = "sm",
  variant = "secondary",
}: {
  text?: string;
  getText?: () => Promise<string | null>;
  label?: string;
  size?: "sm" | "md";
  variant?: "secondary" | "ghost";
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      const value = text ?? (getText ? await getText() : null);
      if (value == null) return;
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  }
  return (
    <Button type="button" variant={variant} size={size} onClick={copy} aria-live="polite">
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
    </Button>
  );
}
