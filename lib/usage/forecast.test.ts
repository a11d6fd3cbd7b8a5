import { describe, expect, it } from "vitest";
import { describeForecast, forecastCredits } from "./forecast";

describe("credits forecast", () => {
  it("divides the balance by the last 7 days' daily pace", () => {
    expect(forecastCredits(700, 70)).toEqual({ perDay: 10, daysLeft: 70 });
    expect(describeForecast(700, forecastCredits(700, 70))).toBe("At the last 7 days' pace (10 a day), your credits last about 70 days.");
    expect(describeForecast(5, forecastCredits(5, 7 * 3))).toBe("At the last 7 days' pace (3 a day), your credits last about 1 day.");
    expect(describeForecast(1, forecastCredits(1, 70))).toBe("At the last 7 days' pace (10 a day), your credits last less than a day.");
  });
  it("has no pace without usage, and says when credits are used up", () => {
    expect(forecastCredits(50, 0)).toEqual({ perDay: 0, daysLeft: null });
    expect(describeForecast(50, forecastCredits(50, 0))).toBe("No credits were used in the last 7 days.");
    expect(describeForecast(0, forecastCredits(0, 70))).toMatch(/used up/);
  });
});
