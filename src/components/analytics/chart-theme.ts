/** One colour per token kind, shared by every chart and legend on the page. */
export const TOKEN_SERIES = [
  { key: "uncached", label: "Input (uncached)", color: "#4f46e5" },
  { key: "cached", label: "Cached input", color: "#a5b4fc" },
  { key: "output", label: "Output", color: "#06b6d4" },
] as const;

export type TokenKind = (typeof TOKEN_SERIES)[number]["key"];

export function tokenParts(s: { inputTokens: number; cachedInputTokens: number; outputTokens: number }) {
  return {
    uncached: Math.max(0, s.inputTokens - s.cachedInputTokens),
    cached: s.cachedInputTokens,
    output: s.outputTokens,
  };
}

export const AXIS_TICK = { fontSize: 12, fill: "#5b6472" };
export const GRID_STROKE = "#e2e5ea";
