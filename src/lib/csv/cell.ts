/**
 * CSV cells for files people open in a spreadsheet: RFC 4180 quoting, and no formulas. A cell
 * whose text starts with `=`, `+`, `-`, `@`, TAB or CR would be run as a formula by Excel, Sheets
 * or LibreOffice (`=HYPERLINK(...)` in a key label, a model or a project name), so such text is
 * prefixed with `'`, which spreadsheets read as "this is text". Every CSV we let people download
 * writes its cells through here.
 *
 * Numbers stay numbers: a JS number, or text that is a plain decimal number ("-12", "0.00015",
 * "1e-7"), is data, never a formula, and is written unchanged so columns still sum.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The text to write for a value, neutralized but not yet quoted. */
export function neutralizeCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const s = String(value);
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** One cell: neutralized, then quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: CsvValue): string {
  const s = neutralizeCell(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, CRLF-terminated as RFC 4180 asks. */
export function csvLine(values: CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
