// "At the last 7 days' pace, your credits last about N days" (the Usage page's credits section).
export const FORECAST_DAYS = 7;

export type CreditForecast = {
  /** Credits used per day on average over the last 7 days. */
  perDay: number;
  /** Whole days the balance lasts at that pace; null when nothing was used (no pace to go by). */
  daysLeft: number | null;
};

export function forecastCredits(balance: number, usedLast7Days: number): CreditForecast {
  const perDay = usedLast7Days / FORECAST_DAYS;
  if (perDay <= 0) return { perDay: 0, daysLeft: null };
  return { perDay, daysLeft: Math.floor(Math.max(0, balance) / perDay) };
}

export function describeForecast(balance: number, forecast: CreditForecast): string {
  if (balance <= 0) return "Your credits are used up: new events are not triggered until you add credits.";
  if (forecast.daysLeft === null) return "No credits were used in the last 7 days.";
  const pace = forecast.perDay >= 10 ? Math.round(forecast.perDay).toLocaleString("en-US") : String(Math.round(forecast.perDay * 10) / 10);
  if (forecast.daysLeft < 1) return `At the last 7 days' pace (${pace} a day), your credits last less than a day.`;
  const days = forecast.daysLeft.toLocaleString("en-US");
  return `At the last 7 days' pace (${pace} a day), your credits last about ${days} day${forecast.daysLeft === 1 ? "" : "s"}.`;
}
