import type { CertificateView } from "@/lib/accounts/certificates";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "no expiry given");

function status(c: CertificateView) {
  if (c.daysLeft !== null && c.daysLeft < 0) return <span className="badge badge-bad">Expired</span>;
  if (c.expiringSoon) return <span className="badge badge-warn">Expires in {c.daysLeft} days</span>;
  return <span className="badge badge-ok">Valid</span>;
}

/** The providers' certificates (from the admin metadata sync), soonest expiry first. */
export function Certificates({ certificates }: { certificates: CertificateView[] }) {
  if (certificates.length === 0) return null;
  return (
    <section className="card" aria-labelledby="certificates-heading">
      <div className="card-header">
        <h2 id="certificates-heading">Certificates</h2>
      </div>
      <p className="muted">
        Read from each provider account&apos;s admin API. One that expires within 30 days also raises an alert through
        the organization&apos;s notification channels.
      </p>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Provider certificates and their expiry</caption>
          <thead>
            <tr>
              <th scope="col">Certificate</th>
              <th scope="col">Provider account</th>
              <th scope="col">Active</th>
              <th scope="col">Expires (UTC)</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {certificates.map((c) => (
              <tr key={`${c.accountId}:${c.id}`}>
                <td>{c.name}</td>
                <td>{c.accountLabel}</td>
                <td>{c.active === null ? "unknown" : c.active ? "yes" : "no"}</td>
                <td>{day(c.expiresAt)}</td>
                <td>{status(c)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
