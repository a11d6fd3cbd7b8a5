"use client";
// After a submit that fails, focus moves to the first invalid field of that form, for every form of
// the app: the forms mark refused fields with aria-invalid="true" (components/ui/field.tsx) once the
// server answers, and this watches the submitted form for that mark for a while.
import { useEffect } from "react";

const WATCH_MS = 15_000;
const INVALID = '[aria-invalid="true"]';

export function FocusFirstInvalid() {
  useEffect(() => {
    let stop: (() => void) | null = null;
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      stop?.();
      const focusFirst = () => {
        const first = form.querySelector<HTMLElement>(INVALID);
        if (!first) return false;
        first.focus();
        stop?.();
        return true;
      };
      // The first change to the form after the submit that leaves a field marked invalid: the answer.
      const observer = new MutationObserver(() => void focusFirst());
      observer.observe(form, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-invalid"] });
      const timer = window.setTimeout(() => stop?.(), WATCH_MS);
      stop = () => {
        observer.disconnect();
        window.clearTimeout(timer);
        stop = null;
      };
    };
    document.addEventListener("submit", onSubmit, true);
    return () => {
      document.removeEventListener("submit", onSubmit, true);
      stop?.();
    };
  }, []);
  return null;
}
