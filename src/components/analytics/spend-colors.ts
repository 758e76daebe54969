import { GROUP_COLORS, OTHER_COLOR } from "./spend-params";

/** Kept apart from ./spend-chart so the page can colour its table without loading recharts. */
export type Measure = "spend" | "tokens";

export interface ChartGroup {
  key: string;
  label: string;
}

export const colorOf = (groups: ChartGroup[], key: string) =>
  key === "other"
    ? OTHER_COLOR
    : (GROUP_COLORS[groups.findIndex((g) => g.key === key) % GROUP_COLORS.length] ?? OTHER_COLOR);
