import { safeEqual } from "@/lib/crypto/compare";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Prometheus sends `Authorization: Bearer <METRICS_TOKEN>`. Without a configured token (allowed
 * only outside production) the endpoint does not exist: 404. A missing or wrong token: 401.
 */
export function verifyMetricsAuthorization(header: string | null) {
  const token = getConfig().metrics.token;
  if (!token) throw new AppError("NOT_FOUND", "Metrics are off: set METRICS_TOKEN to serve /api/metrics.");
  if (!header || !safeEqual(header, `Bearer ${token}`)) {
    throw new AppError("UNAUTHENTICATED", "Missing or wrong metrics token.");
  }
}
