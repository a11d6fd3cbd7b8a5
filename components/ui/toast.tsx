"use client";
// Toasts from anywhere on the client: `toast({ title, tone })` pushes to a tiny store and the one
// <Toaster /> on the page renders it in a polite live region, so screen readers hear outcomes too.
import { useSyncExternalStore } from "react";

export type ToastTone = "success" | "error" | "info";
export type Toast = { id: number; title: string; description?: string; tone: ToastTone };

const TOAST_DURATION_MS = 6_000;
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function toast(input: { title: string; description?: string; tone?: ToastTone }): number {
  const id = nextId++;
  toasts = [...toasts.slice(-4), { id, tone: input.tone ?? "info", title: input.title, description: input.description }];
  emit();
  setTimeout(() => dismissToast(id), TOAST_DURATION_MS);
  return id;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const EMPTY: Toast[] = [];

const TONE_CLASSES: Record<ToastTone, string> = {
  success: "border-green-200 bg-white [&_[data-dot]]:bg-green-600",
  error: "border-red-200 bg-white [&_[data-dot]]:bg-red-600",
  info: "border-slate-200 bg-white [&_[data-dot]]:bg-blue-600",
};

export function Toaster() {
  const items = useSyncExternalStore(subscribe, () => toasts, () => EMPTY);
  return (
    <div aria-live="polite" role="status" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-96 flex-col gap-2">
      {items.map((t) => (
        <div
          key={t.id}
          data-testid="toast"
          data-tone={t.tone}
          className={`pointer-events-auto flex items-start gap-3 rounded-lg border p-3 shadow-lg ${TONE_CLASSES[t.tone]}`}
        >
          <span data-dot aria-hidden className="mt-1.5 h-2 w-2 shrink-0 rounded-full" />
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium text-slate-900">{t.title}</p>
            {t.description ? <p className="mt-0.5 truncate text-xs text-slate-600">{t.description}</p> : null}
          </div>
          <button
            type="button"
            onClick={() => dismissToast(t.id)}
            className="text-slate-400 hover:text-slate-700"
            aria-label="Dismiss notification"
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
