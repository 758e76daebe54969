import type { AuditDetails } from "@/lib/orgs/audit";
import type { BudgetView } from "./view";

export function auditDetailsOf(b: BudgetView): AuditDetails {
  return {
    name: b.name,
    amountUsd: b.amountUsd,
    provider: b.scope.provider,
    projectId: b.scope.projectId,
    apiKeyId: b.scope.apiKeyId,
    thresholds: b.thresholds.map((t) => `${t.percent}% ${t.basis}`),
    channels: b.channelIds.length,
  };
}
