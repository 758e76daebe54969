import { describe, expect, it } from "vitest";
import { channelFieldErrors } from "@/components/channels/channel-form";
import type { AlertMessage } from "@/lib/notifications/contract";
import { emailText, slackBody, webhookBody } from "@/lib/notifications/render";

const MESSAGE: AlertMessage = {
  kind: "anomaly",
  title: "Spend spike on <OpenAI> & friends",
  text: "Yesterday cost $812.40, far above the usual $95 <b>.",
  url: "https://cognitrack.example.com/analytics",
  facts: { Provider: "OpenAI", "Usual day": "$95.00" },
};

describe("alert rendering", () => {
  it("webhook JSON carries the delivery id, the message and the time it was raised", () => {
    const body = JSON.parse(webhookBody("d-1", MESSAGE, new Date("2026-12-01T09:00:00Z")));
    expect(body).toEqual({
      id: "d-1",
      kind: "anomaly",
      title: MESSAGE.title,
      text: MESSAGE.text,
      url: MESSAGE.url,
      facts: MESSAGE.facts,
      createdAt: "2026-12-01T09:00:00.000Z",
    });
  });

  it("Slack gets a text fallback and blocks, with mrkdwn markup characters escaped", () => {
    const body = JSON.parse(slackBody(MESSAGE));
    expect(body.text).toBe(`${MESSAGE.title}\n${MESSAGE.text}`);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(["header", "section", "section", "section"]);
    expect(body.blocks[0].text).toEqual({ type: "plain_text", text: MESSAGE.title });
    expect(body.blocks[1].text.text).toBe("Yesterday cost $812.40, far above the usual $95 &lt;b&gt;.");
    expect(body.blocks[2].fields).toEqual([
      { type: "mrkdwn", text: "*Provider*\nOpenAI" },
      { type: "mrkdwn", text: "*Usual day*\n$95.00" },
    ]);
    expect(body.blocks[3].text.text).toBe("<https://cognitrack.example.com/analytics|Open in CogniTrack>");
  });

  it("email is plain text with the facts lined up and the link", () => {
    const text = emailText(MESSAGE);
    expect(text).toContain("Provider   OpenAI\nUsual day  $95.00");
    expect(text).toContain("Open in CogniTrack: https://cognitrack.example.com/analytics");
  });
});

describe("channel form checks", () => {
  it("asks for what each type needs, in plain words", () => {
    expect(channelFieldErrors("webhook", "", "", "")).toEqual({
      name: "Enter a name, so you know later where alerts go.",
      url: "Enter the URL alerts should be posted to.",
    });
    expect(channelFieldErrors("slack", "Ops", "hooks.slack.com/x", "")).toEqual({
      url: "Enter a full URL, like https://hooks.example.com/cognitrack.",
    });
    expect(channelFieldErrors("email", "Ops", "", "not-an-address")).toEqual({
      email: "Enter an email address, like ops@example.com.",
    });
    expect(channelFieldErrors("email", "Ops", "", "ops@example.com")).toEqual({});
  });
});
