/**
 * Splits the server's one-sentence validation message ("Invalid body: label must not be empty;
 * apiKey must be an Anthropic Admin key (it starts with sk-ant-admin); regular API keys cannot
 * read usage") into plain messages per form field, so each shows next to its field. What names
 * no field stays for the notice above the form.
 */
export const KEY_FIELDS = {
  label: "The label",
  apiKey: "The key",
  organizationId: "The organization ID",
  projectId: "The project ID",
} as const;
export type KeyField = keyof typeof KEY_FIELDS;

const fieldAt = (part: string): KeyField | null => {
  for (const field of Object.keys(KEY_FIELDS) as KeyField[]) {
    if (part.startsWith(`${field} `) || part.startsWith(`${field}:`)) return field;
  }
  return null;
};

export function splitKeyFieldErrors(message: string): {
  fields: Partial<Record<KeyField, string>>;
  rest: string | null;
} {
  const body = message.replace(/^Invalid body:\s*/, "");
  const fields: Partial<Record<KeyField, string>> = {};
  const rest: string[] = [];
  let current: KeyField | null = null;
  for (const part of body.split("; ")) {
    const field = fieldAt(part);
    if (field) {
      current = field;
      const after = part.slice(field.length);
      // "apiKey must not contain ..." reads "The key must not contain ..."; "projectId: Required"
      // reads "The project ID: Required".
      const sentence = after.startsWith(":")
        ? `${KEY_FIELDS[field]}: ${after.slice(1).trim()}`
        : `${KEY_FIELDS[field]} ${after.trim()}`;
      fields[field] = fields[field] ? `${fields[field]}; ${sentence}` : sentence;
    } else if (current) {
      // A message that itself contains "; " continues the field before it.
      fields[current] = `${fields[current]}; ${part}`;
    } else {
      rest.push(part);
    }
  }
  if (Object.keys(fields).length === 0) return { fields, rest: message };
  return { fields, rest: rest.length ? rest.join("; ") : null };
}
