// Form fields with a label, a hint and an inline error tied to the control by aria-describedby.
import { useId } from "react";

const CONTROL_CLASSES =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-xs outline-none transition-colors placeholder:text-slate-400 focus:ring-2 disabled:bg-slate-50";

export function controlClasses(hasError: boolean): string {
  return `${CONTROL_CLASSES} ${hasError ? "border-red-400 focus:border-red-500 focus:ring-red-100" : "border-slate-300 focus:border-slate-500 focus:ring-slate-200"}`;
}

type FieldProps = { label: string; hint?: React.ReactNode; error?: string | string[]; children: (ids: FieldIds) => React.ReactNode };
export type FieldIds = { id: string; describedBy: string | undefined; hasError: boolean };

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const errorText = Array.isArray(error) ? error[0] : error;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errorText ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children({ id, describedBy, hasError: Boolean(errorText) })}
      {errorText ? (
        <p id={errorId} className="text-xs font-medium text-red-600" data-testid="field-error">
          {errorText}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function Input({ hasError = false, className = "", ...props }: React.InputHTMLAttributes<HTMLInputElement> & { hasError?: boolean }) {
  return <input aria-invalid={hasError || undefined} className={`${controlClasses(hasError)} ${className}`} {...props} />;
}

export function Textarea({
  hasError = false,
  className = "",
  ...props
}: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { hasError?: boolean }) {
  return <textarea aria-invalid={hasError || undefined} className={`${controlClasses(hasError)} ${className}`} {...props} />;
}

export function Select({ hasError = false, className = "", ...props }: React.SelectHTMLAttributes<HTMLSelectElement> & { hasError?: boolean }) {
  return <select aria-invalid={hasError || undefined} className={`${controlClasses(hasError)} ${className}`} {...props} />;
}
