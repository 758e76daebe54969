import type { SpendStack } from "@/lib/reconciliation/spend-facts";

export const STACK_PARAM = "stack";
export const DEFAULT_STACK: SpendStack = "provider";
export const STACKS: { value: SpendStack; label: string; noun: string }[] = [
  { value: "provider", label: "Provider", noun: "provider" },
  { value: "project", label: "Project", noun: "project" },
  { value: "model", label: "Model", noun: "model" },
];

export function parseStack(value: string | string[] | undefined): SpendStack {
  const v = Array.isArray(value) ? value[0] : value;
  return STACKS.find((s) => s.value === v)?.value ?? DEFAULT_STACK;
}

/** One colour per chart group, in order; "Other" is grey. */
export const GROUP_COLORS = ["#4f46e5", "#06b6d4", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#ec4899", "#84cc16"];
export const OTHER_COLOR = "#9ca3af";
