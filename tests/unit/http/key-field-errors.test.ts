import { describe, expect, it } from "vitest";
import { splitKeyFieldErrors } from "@/components/keys/field-errors";

describe("splitKeyFieldErrors (key form: each error next to its field)", () => {
  it("puts an Anthropic key refusal, semicolon and all, next to the key field in plain words", () => {
    expect(
      splitKeyFieldErrors(
        "Invalid body: apiKey must be an Anthropic Admin key (it starts with sk-ant-admin); regular API keys cannot read usage",
      ),
    ).toEqual({
      fields: {
        apiKey:
          "The key must be an Anthropic Admin key (it starts with sk-ant-admin); regular API keys cannot read usage",
      },
      rest: null,
    });
  });

  it("splits two fields and reads a 'field: message' part", () => {
    expect(splitKeyFieldErrors("Invalid body: label must be at most 100 characters; organizationId: Required")).toEqual(
      {
        fields: { label: "The label must be at most 100 characters", organizationId: "The organization ID: Required" },
        rest: null,
      },
    );
  });

  it("leaves a message that names no field for the notice above the form", () => {
    expect(splitKeyFieldErrors("Request body is not valid JSON.")).toEqual({
      fields: {},
      rest: "Request body is not valid JSON.",
    });
  });
});
