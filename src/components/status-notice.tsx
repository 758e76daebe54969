/** The outcome of the last action on a management page, announced politely to screen readers. */
export type Notice = { kind: "ok" | "error"; text: string } | null;

export function StatusNotice({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return (
    <div className={`alert ${notice.kind === "ok" ? "alert-ok" : "alert-error"}`} role="status">
      {notice.text}
    </div>
  );
}
