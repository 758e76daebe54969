/**
 * Where the reconciliation work reports the capture rate (stored usage's share of what the
 * provider billed). Until it calls this, the series is absent, so an alert on it cannot fire on a
 * made-up value.
 */
import { metrics } from "./registry";

export function setCaptureRate(provider: string, ratio: number) {
  if (!Number.isFinite(ratio) || ratio < 0) return;
  metrics().captureRate.set({ provider }, ratio);
}
