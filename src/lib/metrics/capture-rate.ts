/**
 * Sets one provider's capture rate (computed cost / billed cost). Scrapes set it from the
 * database (./money-state.ts); a provider that billed nothing has no series, so an alert on it
 * cannot fire on a made-up value.
 */
import { metrics } from "./registry";

export function setCaptureRate(provider: string, ratio: number) {
  if (!Number.isFinite(ratio) || ratio < 0) return;
  metrics().captureRate.set({ provider }, ratio);
}
