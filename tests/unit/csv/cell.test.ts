import { describe, expect, it } from "vitest";
import { csvCell, csvLine, neutralizeCell } from "@/lib/csv/cell";

describe("CSV cells", () => {
  it("neutralizes text a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil.example","Click")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""Click"")"',
    );
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell("@SUM(A1:A9)")).toBe("'@SUM(A1:A9)");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("\r=1+1")).toBe('"\'\r=1+1"');
  });

  it("leaves numbers, plain-number text and ordinary text alone", () => {
    expect(csvCell(-42)).toBe("-42");
    expect(csvCell(0.00015)).toBe("0.00015");
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell("+7")).toBe("+7");
    expect(csvCell("-1e-7")).toBe("-1e-7");
    expect(csvCell("gpt-4o-mini")).toBe("gpt-4o-mini");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(Number.NaN)).toBe("");
    expect(neutralizeCell("-")).toBe("'-");
    expect(neutralizeCell("-1-1")).toBe("'-1-1");
  });

  it("quotes only what RFC 4180 requires, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(false)).toBe("false");
    expect(csvLine(["a", null, 'x"y', "=1"])).toBe('a,,"x""y",\'=1\r\n');
  });
});
