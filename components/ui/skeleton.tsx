// A grey placeholder block that pulses while data loads; hidden from screen readers.
export function Skeleton({ className = "", style }: { className?: string; style?: React.CSSProperties }) {
  return <div aria-hidden className={`animate-pulse rounded-md bg-slate-200/70 ${className}`} style={style} />;
}
