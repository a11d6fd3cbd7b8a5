// The chart's numbers as a table, for keyboard and screen-reader users (and for copying).
import { longDayLabel, type SeriesDay, type SeriesKey } from "@/lib/usage/series";

const full = new Intl.NumberFormat("en-US");

export function UsageTable({ days, keys, caption }: { days: SeriesDay[]; keys: SeriesKey[]; caption: string }) {
  const newestFirst = [...days].reverse();
  return (
    <div className="max-h-96 overflow-auto rounded-lg border border-slate-200">
      <table className="w-full border-collapse text-left text-sm" data-testid="usage-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-slate-50 text-xs font-medium text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium tracking-wide">
              Day
            </th>
            {keys.map((key) => (
              <th key={key.key} scope="col" className="px-4 py-2.5 text-right font-medium tracking-wide whitespace-nowrap">
                {key.label}
              </th>
            ))}
            <th scope="col" className="px-4 py-2.5 text-right font-medium tracking-wide">
              Total
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {newestFirst.map((day) => (
            <tr key={day.day}>
              <th scope="row" className="px-4 py-2 font-normal whitespace-nowrap text-slate-700">
                <time dateTime={day.day}>{longDayLabel(day.day)}</time>
              </th>
              {keys.map((key) => (
                <td key={key.key} className="px-4 py-2 text-right text-slate-700 tabular-nums">
                  {full.format(day.counts[key.key] ?? 0)}
                </td>
              ))}
              <td className="px-4 py-2 text-right font-medium text-slate-900 tabular-nums">{full.format(day.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-slate-200 bg-slate-50 font-medium">
          <tr>
            <th scope="row" className="px-4 py-2 text-left">
              Total
            </th>
            {keys.map((key) => (
              <td key={key.key} className="px-4 py-2 text-right tabular-nums">
                {full.format(key.total)}
              </td>
            ))}
            <td className="px-4 py-2 text-right tabular-nums">{full.format(keys.reduce((s, k) => s + k.total, 0))}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
