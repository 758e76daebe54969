import { describe, expect, it } from "vitest";
import { cubeFor, filterColumns } from "@/lib/analytics/plan";
import { trimDecimal } from "@/lib/analytics/rows";

const base = { start: "2025-01-01", end: "2025-01-31" };

describe("cube choice", () => {
  it("reads the smallest cube that keeps every filtered and grouped column", () => {
    expect(cubeFor(filterColumns(base))?.name).toBe("total");
    expect(cubeFor([...filterColumns({ ...base, accountId: "k" }), "period", "simulated"])?.name).toBe("total");
    expect(cubeFor([...filterColumns({ ...base, accountId: "k", model: "m" }), "period"])?.name).toBe("core");
    expect(cubeFor([...filterColumns({ ...base, batch: false }), "project_id"])?.name).toBe("project");
    expect(cubeFor([...filterColumns({ ...base, provider: "openai" }), "period", "project_id"])?.name).toBe(
      "project_total",
    );
    expect(cubeFor([...filterColumns({ ...base, projectId: "proj_1" }), "period"])?.name).toBe("project_total");
    expect(cubeFor([...filterColumns({ ...base, projectId: "proj_1", model: "m" })])?.name).toBe("project");
    expect(cubeFor(["api_key_id"])?.name).toBe("member");
    expect(cubeFor([...filterColumns({ ...base, batch: true }), "provider_user_id"])?.name).toBe("member");
  });

  it("sends a combination no cube keeps to usage_events", () => {
    expect(cubeFor([...filterColumns({ ...base, serviceTier: "flex" }), "project_id"])).toBeNull();
    expect(cubeFor([...filterColumns({ ...base, apiKeyId: "key_1" }), "model"])).toBeNull();
    expect(cubeFor([...filterColumns({ ...base, serviceTier: "flex" }), "api_key_id"])).toBeNull();
  });
});

describe("exact decimals", () => {
  it("trims the zeros exact decimals carry", () => {
    expect(trimDecimal("0.0001500000")).toBe("0.00015");
    expect(trimDecimal("12.000")).toBe("12");
    expect(trimDecimal("300")).toBe("300");
  });
});
