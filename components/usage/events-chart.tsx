"use client";
// Stacked bars of events per day, one segment per status or webhook. Data comes in as props; a
// click on a segment reports its day and key, the parent decides where that leads.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { longDayLabel, shortDayLabel, type SeriesDay, type SeriesKey } from "@/lib/usage/series";

type ChartRow = { day: string; label: string; total: number; counts: Record<string, number> };

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const full = new Intl.NumberFormat("en-US");

function ChartTooltip({ active, payload, keys }: TooltipContentProps<number, string> & { keys: SeriesKey[] }) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="min-w-44 rounded-lg border border-slate-200 bg-white px-3 py-2 text-xs shadow-lg">
      <p className="mb-1.5 font-semibold text-slate-900">{longDayLabel(row.day)}</p>
      <ul className="space-y-1">
        {[...keys].reverse().map((key) => (
          <li key={key.key} className="flex items-center justify-between gap-4">
            <span className="flex min-w-0 items-center gap-1.5 text-slate-600">
              <span aria-hidden className="h-2 w-2 shrink-0 rounded-sm" style={{ backgroundColor: key.color }} />
              <span className="truncate">{key.label}</span>
            </span>
            <span className="font-medium text-slate-900 tabular-nums">{full.format(row.counts[key.key] ?? 0)}</span>
          </li>
        ))}
      </ul>
      <p className="mt-1.5 flex justify-between border-t border-slate-100 pt-1.5 font-medium text-slate-900">
        <span>Total</span>
        <span className="tabular-nums">{full.format(row.total)}</span>
      </p>
    </div>
  );
}

const fullNumber = new Intl.NumberFormat("en-US");

/** The chart's accessible name: what it shows, over which days, and the total. */
export function describeChart(rows: { day: string; value: number }[], what: string, more: string): string {
  if (rows.length === 0) return `Bar chart of ${what} per day: no days`;
  const total = rows.reduce((sum, row) => sum + row.value, 0);
  return `Bar chart of ${what} per day, ${longDayLabel(rows[0].day)} to ${longDayLabel(rows[rows.length - 1].day)}: ${fullNumber.format(total)} in all. ${more}.`;
}

export function EventsChart({
  days,
  keys,
  onSegmentClick,
  height = 300,
}: {
  days: SeriesDay[];
  keys: SeriesKey[];
  onSegmentClick?: (day: string, key: string) => void;
  height?: number;
}) {
  const rows: ChartRow[] = days.map((d) => ({ day: d.day, label: shortDayLabel(d.day), total: d.total, counts: d.counts }));
  const visibleKeys = keys.filter((k) => k.total > 0);
  return (
    <div
      style={{ height }}
      className="w-full"
      data-testid="events-chart"
      role="img"
      aria-label={describeChart(rows.map((r) => ({ day: r.day, value: r.total })), "webhook events", "“Show as table” lists the same numbers")}
    >
      <ResponsiveContainer width="100%" height="100%">
        {/* No keyboard layer: it made the chart an unnamed tab stop; the legend and the table are the keyboard's way in. */}
        <BarChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap={rows.length > 45 ? 1 : "20%"}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="label"
            // Labels Recharts can fit without overlapping, at any width: about eight on a desktop, fewer on a phone.
            interval="preserveStartEnd"
            minTickGap={16}
            tickLine={false}
            axisLine={{ stroke: "#cbd5e1" }}
            tick={{ fill: "#64748b", fontSize: 12 }}
            tickMargin={8}
          />
          <YAxis
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            width={44}
            tick={{ fill: "#64748b", fontSize: 12 }}
            tickFormatter={(value: number) => compact.format(value)}
          />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            content={(props) => <ChartTooltip {...(props as TooltipContentProps<number, string>)} keys={visibleKeys} />}
          />
          {visibleKeys.map((key, i) => (
            <Bar
              key={key.key}
              name={key.label}
              dataKey={(row: ChartRow) => row.counts[key.key] ?? 0}
              stackId="events"
              fill={key.color}
              className={`usage-bar usage-bar-${key.key}`}
              isAnimationActive={false}
              radius={i === visibleKeys.length - 1 ? [3, 3, 0, 0] : 0}
              cursor={onSegmentClick ? "pointer" : undefined}
              onClick={(data) => {
                const row = data.payload as ChartRow | undefined;
                if (row && onSegmentClick) onSegmentClick(row.day, key.key);
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
