"use client";

import type { Granularity } from "@/lib/analytics/contract";
import { PARAM } from "./params";
import { Segmented, useOptimisticValue } from "./segmented";
import { useAnalyticsUrl } from "./url-state";

const OPTIONS: { value: Granularity; label: string }[] = [
  { value: "day", label: "Daily" },
  { value: "week", label: "Weekly" },
  { value: "month", label: "Monthly" },
];

export function GranularityToggle({ value }: { value: Granularity }) {
  const { update } = useAnalyticsUrl();
  const [shown, setShown] = useOptimisticValue(value);
  return (
    <Segmented
      label="Chart interval"
      value={shown}
      options={OPTIONS}
      onChange={(g) => {
        setShown(g);
        update({ [PARAM.granularity]: g });
      }}
    />
  );
}
