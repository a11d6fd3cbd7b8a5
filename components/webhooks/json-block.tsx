import { CopyButton } from "./copy-button";

/** Pretty JSON in a scrollable block with a copy button. */
export function JsonBlock({ value, label, maxHeight = "max-h-[32rem]" }: { value: unknown; label: string; maxHeight?: string }) {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return (
    <div className="relative rounded-lg border border-slate-200 bg-slate-950">
      <div className="absolute top-2 right-2">
        <CopyButton text={text} label="Copy" variant="secondary" />
      </div>
      <pre tabIndex={0} aria-label={label} className={`overflow-auto p-4 pr-20 font-mono text-xs leading-relaxed text-slate-100 ${maxHeight}`}>
        {text}
      </pre>
    </div>
  );
}
