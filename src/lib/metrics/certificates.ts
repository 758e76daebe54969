/**
 * The admin-metadata work (certificates with their expiry) reports here; until then the gauge
 * stays 0 ("none known to expire").
 */
import { metrics } from "./registry";

export function setCertificatesExpiring(count: number) {
  if (!Number.isInteger(count) || count < 0) return;
  metrics().certificatesExpiring.set(count);
}
