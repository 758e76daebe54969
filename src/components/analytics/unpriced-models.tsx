import Link from "next/link";
import { getDb } from "@/db/client";
import type { ActingAs } from "@/lib/orgs/types";
import { listUnpricedModels } from "@/lib/pricing/unpriced";
import { formatInteger } from "../format";

/**
 * Models with usage but no price in the range: their tokens count as nothing in estimated spend,
 * so they are listed, each with a way to add a price. Renders nothing when every model is priced.
 */
export async function UnpricedModels({ actor, start, end }: { actor: ActingAs; start: string; end: string }) {
  const { models } = await listUnpricedModels(await getDb(), actor, { start, end });
  if (models.length === 0) return null;
  return (
    <section className="card" aria-labelledby="unpriced-heading">
      <h2 id="unpriced-heading">Models without a price</h2>
      <p className="muted">
        These models had usage in this range but no known price, so estimated spend counts them as nothing. Add a price
        to include them.
      </p>
      <div className="table-wrap">
        <table aria-label="Models without a price">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                Input tokens
              </th>
              <th scope="col" className="num">
                Output tokens
              </th>
              <th scope="col" className="num">
                Requests
              </th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={`${m.provider}:${m.model}`}>
                <td style={{ overflowWrap: "anywhere" }}>
                  <span className="mono">{m.model}</span> <span className="small muted">{m.provider}</span>
                </td>
                <td className="num">{formatInteger(m.inputTokens)}</td>
                <td className="num">{formatInteger(m.outputTokens)}</td>
                <td className="num">{formatInteger(m.requests)}</td>
                <td className="nowrap">
                  <Link href={`/settings/prices?${new URLSearchParams({ model: m.model, provider: m.provider })}`}>
                    Add a price<span className="sr-only"> for {m.model}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
