import { describe, expect, it } from "vitest";
import { parseCostCsv } from "../../../scripts/diff/cost-csv";
import { parseDiffArgs } from "../../../scripts/diff/run";
import { UsageError } from "../../../scripts/lib/runtime";

describe("parseCostCsv", () => {
  it("reads the dashboard's columns in any case, keeps every digit, skips empty days", () => {
    const rows = parseCostCsv(
      [
        "Day,Project,Line Item,Amount",
        '2025-12-10,proj_a,"gpt-4o-2024-08-06, input",0.12000000000000001',
        '2025-12-10,proj_a,"gpt-4o-2024-08-06, output","$1,234.50"',
        "2025-12-11,,,",
        "1765497600,proj_b,assistants api | file search,1.5e-7",
      ].join("\n"),
    );
    expect(rows.map(({ line: _line, ...r }) => r)).toEqual([
      { day: "2025-12-10", projectId: "proj_a", lineItem: "gpt-4o-2024-08-06, input", amount: "0.12000000000000001" },
      { day: "2025-12-10", projectId: "proj_a", lineItem: "gpt-4o-2024-08-06, output", amount: "1234.50" },
      { day: "2025-12-12", projectId: "proj_b", lineItem: "assistants api | file search", amount: "0.00000015" },
    ]);
  });

  it("accepts the API's names (start_time, project_id, line_item, amount_value, currency)", () => {
    const rows = parseCostCsv(
      "start_time,project_id,line_item,amount_value,currency\n2025-12-10T00:00:00Z,p,x,2,usd\n",
    );
    expect(rows).toMatchObject([{ day: "2025-12-10", projectId: "p", lineItem: "x", amount: "2" }]);
  });

  it.each([
    ["Day,Project\n2025-12-10,p\n", /no amount column; its columns are: day, project/],
    ["Day,Amount\nyesterday,1\n", /line 2: "yesterday" is not a day/],
    ["Day,Amount\n2025-12-10,12;5\n", /amount "12;5" is not a number/],
    ["Day,Amount,Currency\n2025-12-10,1,EUR\n", /currency EUR is not USD/],
    ["", /empty/],
  ])("refuses %j in plain words", (csv, message) => {
    expect(() => parseCostCsv(csv)).toThrow(UsageError);
    expect(() => parseCostCsv(csv)).toThrow(message);
  });
});

describe("parseDiffArgs --costs", () => {
  it("takes --costs with --csv and refuses it with --write-csv", () => {
    expect(parseDiffArgs(["--costs", "--csv", "costs.csv", "--strict"])).toMatchObject({ costs: true, strict: true });
    expect(parseDiffArgs(["--csv", "usage.csv"]).costs).toBe(false);
    expect(() => parseDiffArgs(["--costs", "--write-csv", "out.csv"])).toThrow(/cannot --write-csv/);
  });
});
