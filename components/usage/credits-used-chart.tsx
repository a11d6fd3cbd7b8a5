"use client";
// A small bar chart of credits used per day; data as props.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { longDayLabel, shortDayLabel } from "@/lib/usage/series";
import { describeChart } from "./events-chart";

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const full = new Intl.NumberFormat("en-US");

export function CreditsUsedChart({ days, height = 160 }: { days: { day: string; value: number }[]; height?: number }) {
  const rows = days.map((d) => ({ ...d, label: shortDayLabel(d.day) }));
  const interval = Math.max(0, Math.ceil(rows.length / 6) - 1);
  return (
    <div style={{ height }} className="w-full" data-testid="credits-chart" role="img" aria-label={describeChart(days, "credits used", "The total is shown beside it")}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={rows} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} barCategoryGap={rows.length > 45 ? 1 : "20%"}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" interval={interval} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} tick={{ fill: "#64748b", fontSize: 11 }} tickMargin={6} />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={36} tick={{ fill: "#64748b", fontSize: 11 }} tickFormatter={(v: number) => compact.format(v)} />
          <Tooltip
            cursor={{ fill: "#f1f5f9" }}
            content={({ active, payload }) => {
              const row = payload?.[0]?.payload as { day: string; value: number } | undefined;
              if (!active || !row) return null;
              return (
                <div className="rounded-lg border border-slate-200 bg-white px-3 py-2 text-xs shadow-lg">
                  <p className="font-semibold text-slate-900">{longDayLabel(row.day)}</p>
                  <p className="mt-0.5 text-slate-600">
                    <span className="font-medium text-slate-900 tabular-nums">{full.format(row.value)}</span> credits used
                  </p>
                </div>
              );
            }}
          />
          <Bar dataKey="value" name="Credits used" fill="#334155" radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
