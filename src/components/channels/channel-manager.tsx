"use client";

import { useState } from "react";
import type { ChannelWithLog } from "@/lib/notifications/channels/list";
import { apiErrorMessage } from "../api-error";
import { SecretOnce } from "../secret-once";
import { StatusNotice, type Notice } from "../status-notice";
import { ChannelForm } from "./channel-form";
import { DeliveryLog } from "./delivery-log";
import { TestChannelButton } from "./test-channel-button";

const TYPE_LABEL: Record<ChannelWithLog["type"], string> = { webhook: "Webhook", slack: "Slack", email: "Email" };

/** Channels of the organization: add (the signing secret shown once), send a test, delete, see deliveries. */
export function ChannelManager({
  initialChannels,
  canWrite,
}: {
  initialChannels: ChannelWithLog[];
  canWrite: boolean;
}) {
  const [channels, setChannels] = useState(initialChannels);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  async function reload() {
    const res = await fetch("/api/channels");
    if (res.ok) setChannels(((await res.json()) as { channels: ChannelWithLog[] }).channels);
  }

  async function remove(channel: ChannelWithLog) {
    const res = await fetch(`/api/channels/${channel.id}`, { method: "DELETE" });
    setConfirming(null);
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    setChannels((list) => list.filter((c) => c.id !== channel.id));
    setNotice({ kind: "ok", text: `Deleted “${channel.name}”: alerts no longer go there.` });
  }

  return (
    <div className="stack">
      {canWrite && (
        <section className="card stack" aria-labelledby="new-channel-heading">
          <h2 id="new-channel-heading" style={{ margin: 0 }}>
            Add a channel
          </h2>
          <ChannelForm
            onCreated={(channel, signingSecret) => {
              setChannels((list) => [...list, channel]);
              setSecret(signingSecret ? { name: channel.name, value: signingSecret } : null);
              setNotice(signingSecret ? null : { kind: "ok", text: `Added “${channel.name}”.` });
            }}
          />
          {secret && (
            <SecretOnce
              id="channel-secret"
              label={`Signing secret of “${secret.name}”`}
              value={secret.value}
              warning="Copy it into your receiver now: this is the only time it is shown. Use it to check the X-CogniTrack-Signature header of every request (see the webhooks page of the docs)."
              onDone={() => setSecret(null)}
            />
          )}
        </section>
      )}
      <StatusNotice notice={notice} />
      <section className="card" aria-labelledby="channels-heading">
        <h2 id="channels-heading">
          Channels <span className="muted">({channels.length})</span>
        </h2>
        {channels.length === 0 ? (
          <p className="muted" style={{ margin: 0 }}>
            No channels yet.{canWrite ? " Add one above, then pick it on a budget." : ""}
          </p>
        ) : (
          <ul className="stack" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {channels.map((channel) => (
              <li key={channel.id} className="card" style={{ boxShadow: "none" }} aria-label={channel.name}>
                <div className="card-header" style={{ marginBottom: 0 }}>
                  <div style={{ minWidth: 0 }}>
                    <div className="row" style={{ gap: "0.5rem" }}>
                      <strong>{channel.name}</strong>
                      <span className="badge badge-accent">{TYPE_LABEL[channel.type]}</span>
                      {!channel.enabled && <span className="badge badge-warn">Paused</span>}
                    </div>
                    <div className="small muted mono" style={{ marginTop: "0.25rem", overflowWrap: "anywhere" }}>
                      {channel.type === "email" ? channel.email : channel.url}
                    </div>
                    {canWrite && <TestChannelButton channelId={channel.id} label={channel.name} onDone={reload} />}
                  </div>
                  {canWrite &&
                    (confirming === channel.id ? (
                      <span className="row" style={{ gap: "0.4rem" }} role="group" aria-label="Confirm delete">
                        <span className="small">Delete this channel? Queued alerts for it are dropped.</span>
                        <button className="btn btn-sm btn-danger" type="button" onClick={() => remove(channel)}>
                          Yes, delete
                        </button>
                        <button className="btn btn-sm" type="button" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button className="btn btn-sm btn-danger" type="button" onClick={() => setConfirming(channel.id)}>
                        Delete<span className="sr-only"> {channel.name}</span>
                      </button>
                    ))}
                </div>
                <DeliveryLog channelName={channel.name} entries={channel.recentDeliveries} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
