"use client";
// The Usage page's period: a preset ("the last N days") or a custom range of local dates, checked as
// it is typed; a custom range reaches the view only once it is valid.
import { useState } from "react";
import { Input } from "@/components/ui/field";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { presetDayRange, USAGE_PRESETS, type UsagePreset } from "@/lib/usage/range";
import { checkUsageRange, dataBeginsWithin, type UsageViewState } from "@/lib/usage/view-state";
import { FIRST_DATE, LAST_DATE, type DateIssue } from "@/lib/validation/dates";

/** "To: Must be on or after from." */
function describeIssue(issue: DateIssue): string {
  const message = issue.message.endsWith(".") ? issue.message : `${issue.message}.`;
  return `${issue.path === "from" ? "From" : "To"}: ${message}`;
}

export type RangeChange = Pick<UsageViewState, "preset" | "from" | "to">;

type Props = {
  view: Pick<UsageViewState, "preset" | "from" | "to">;
  /** The range shown now: the preset's days, or the view's custom dates. */
  range: { from: string; to: string };
  now: Date;
  timeZone: string;
  /** When the team's data begins: a custom range wholly before it is refused, one reaching back past it says so. */
  firstDataAt: Date | null;
  onChange: (change: RangeChange) => void;
};

export function RangePicker({ view, range, now, timeZone, firstDataAt, onChange }: Props) {
  const [customDraft, setCustomDraft] = useState<{ from: string; to: string } | null>(null);

  function selectPreset(value: UsagePreset | "custom") {
    if (value === "custom") {
      setCustomDraft({ from: range.from, to: range.to });
      onChange({ preset: null, from: range.from, to: range.to });
    } else {
      setCustomDraft(null);
      onChange({ preset: value, ...presetDayRange(value, now, timeZone) });
    }
  }

  function changeCustom(part: "from" | "to", value: string) {
    const draft = { ...(customDraft ?? range), [part]: value };
    setCustomDraft(draft);
    if (!checkUsageRange(draft, now, timeZone, firstDataAt)) onChange({ preset: null, ...draft });
  }

  const customIssue = customDraft ? checkUsageRange(customDraft, now, timeZone, firstDataAt) : null;
  const customError = customIssue ? describeIssue(customIssue) : null;
  const beginsOn = view.preset === null && !customError ? dataBeginsWithin(range, timeZone, firstDataAt) : null;

  return (
    <>
      <SegmentedControl<`${UsagePreset}` | "custom">
        label="Period"
        value={view.preset ? (String(view.preset) as `${UsagePreset}`) : "custom"}
        onChange={(value) => selectPreset(value === "custom" ? "custom" : (Number(value) as UsagePreset))}
        options={[...USAGE_PRESETS.map((days) => ({ value: String(days) as `${UsagePreset}`, label: `${days} days` })), { value: "custom", label: "Custom" }]}
      />
      {view.preset === null ? (
        <div className="flex flex-wrap items-center gap-2">
          <label className="sr-only" htmlFor="usage-from">
            From
          </label>
          <Input
            id="usage-from"
            type="date"
            className="w-40"
            value={customDraft?.from ?? view.from}
            min={FIRST_DATE}
            max={customDraft?.to ?? view.to}
            onChange={(e) => changeCustom("from", e.target.value)}
            hasError={Boolean(customError)}
            aria-describedby={customError ? "usage-range-error" : undefined}
          />
          <span aria-hidden className="text-slate-400">
            –
          </span>
          <label className="sr-only" htmlFor="usage-to">
            To
          </label>
          <Input
            id="usage-to"
            type="date"
            className="w-40"
            value={customDraft?.to ?? view.to}
            min={customDraft?.from ?? view.from}
            max={LAST_DATE}
            onChange={(e) => changeCustom("to", e.target.value)}
            hasError={Boolean(customError)}
            aria-describedby={customError ? "usage-range-error" : undefined}
          />
          {customError ? (
            <p id="usage-range-error" className="w-full text-xs font-medium text-red-600">
              {customError}
            </p>
          ) : null}
          {beginsOn ? (
            <p className="w-full text-xs text-slate-500" data-testid="usage-data-begins">
              This team&apos;s data begins on {beginsOn}: the days before it count nothing.
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
