"use client";

import { useState, type FormEvent } from "react";
import type { ChannelWithLog } from "@/lib/notifications/channels/list";
import { apiErrorMessage } from "../api-error";

type ChannelType = "webhook" | "slack" | "email";

interface FieldErrors {
  name?: string;
  url?: string;
  email?: string;
}

const TYPES: { value: ChannelType; label: string; hint: string }[] = [
  { value: "webhook", label: "Webhook", hint: "A signed JSON POST to your own endpoint." },
  { value: "slack", label: "Slack", hint: "A Slack (or compatible) incoming-webhook URL." },
  { value: "email", label: "Email", hint: "Mail over this server's SMTP settings." },
];

/** Plain-words checks before the request; the server checks again (and resolves the address at each send). */
export function channelFieldErrors(type: ChannelType, name: string, url: string, email: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!name) errors.name = "Enter a name, so you know later where alerts go.";
  else if (name.length > 100) errors.name = "Use at most 100 characters for the name.";
  if (type === "email") {
    if (!email) errors.email = "Enter the address alerts should go to.";
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = "Enter an email address, like ops@example.com.";
  } else if (!url) errors.url = "Enter the URL alerts should be posted to.";
  else if (!/^https?:\/\/\S+$/i.test(url)) errors.url = "Enter a full URL, like https://hooks.example.com/cognitrack.";
  return errors;
}

/** Which field a server refusal is about, so it shows next to that field. */
function fieldOf(message: string, type: ChannelType): keyof FieldErrors | null {
  if (/\bname\b/i.test(message)) return "name";
  if (type === "email" && /email/i.test(message)) return "email";
  if (type !== "email" && /(url|https|address|network|resolved|credentials)/i.test(message)) return "url";
  return null;
}

export function ChannelForm({ onCreated }: { onCreated: (channel: ChannelWithLog, secret: string | null) => void }) {
  const [type, setType] = useState<ChannelType>("webhook");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const url = String(data.get("url") ?? "").trim();
    const email = String(data.get("email") ?? "").trim();
    const found = channelFieldErrors(type, name, url, email);
    setErrors(found);
    setServerError(null);
    const first = found.name ? "#channel-name" : found.url ? "#channel-url" : found.email ? "#channel-email" : null;
    if (first) return form.querySelector<HTMLInputElement>(first)?.focus();
    setBusy(true);
    const res = await fetch("/api/channels", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(type === "email" ? { type, name, email } : { type, name, url }),
    });
    setBusy(false);
    if (!res.ok) {
      const message = (await apiErrorMessage(res)).replace(/^Invalid body: /, "");
      const field = fieldOf(message, type);
      if (field) {
        setErrors({ [field]: message });
        form.querySelector<HTMLInputElement>(`#channel-${field}`)?.focus();
      } else setServerError(message);
      return;
    }
    const created = (await res.json()) as {
      channel: Omit<ChannelWithLog, "recentDeliveries"> & { signingSecret: string | null };
    };
    const { signingSecret, ...channel } = created.channel;
    form.reset();
    setType("webhook");
    onCreated({ ...channel, recentDeliveries: [] }, signingSecret);
  }

  const describedBy = (field: keyof FieldErrors, hint?: string) =>
    [errors[field] ? `channel-${field}-error` : null, hint].filter(Boolean).join(" ") || undefined;
  const error = (field: keyof FieldErrors) =>
    errors[field] && (
      <div id={`channel-${field}-error`} className="field-error">
        {errors[field]}
      </div>
    );

  return (
    <form onSubmit={onSubmit} aria-label="Add a channel" noValidate>
      {serverError && (
        <div className="alert alert-error field" role="alert">
          {serverError}
        </div>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="channel-type">Type</label>
          <select
            id="channel-type"
            name="type"
            value={type}
            onChange={(e) => {
              setType(e.target.value as ChannelType);
              setErrors({});
            }}
            aria-describedby="channel-type-hint"
          >
            {TYPES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
          <div id="channel-type-hint" className="field-hint">
            {TYPES.find((t) => t.value === type)!.hint}
          </div>
        </div>
        <div className="field">
          <label htmlFor="channel-name">Name</label>
          <input
            id="channel-name"
            name="name"
            placeholder="e.g. Finance on-call"
            maxLength={200}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy("name")}
          />
          {error("name")}
        </div>
        {type === "email" ? (
          <div className="field">
            <label htmlFor="channel-email">Email address</label>
            <input
              id="channel-email"
              name="email"
              type="email"
              placeholder="finance@example.com"
              maxLength={254}
              aria-invalid={errors.email ? true : undefined}
              aria-describedby={describedBy("email")}
            />
            {error("email")}
          </div>
        ) : (
          <div className="field">
            <label htmlFor="channel-url">{type === "slack" ? "Slack webhook URL" : "Webhook URL"}</label>
            <input
              id="channel-url"
              name="url"
              type="url"
              placeholder={
                type === "slack" ? "https://hooks.slack.com/services/…" : "https://hooks.example.com/cognitrack"
              }
              maxLength={2000}
              aria-invalid={errors.url ? true : undefined}
              aria-describedby={describedBy("url", "channel-url-hint")}
            />
            <div id="channel-url-hint" className="field-hint">
              https only; addresses on private networks are refused.
            </div>
            {error("url")}
          </div>
        )}
      </div>
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? "Adding…" : "Add channel"}
      </button>
    </form>
  );
}
