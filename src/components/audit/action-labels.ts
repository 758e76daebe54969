/** Plain-words names of audit actions for the page; an action without one shows its code. */
const LABELS: Record<string, string> = {
  "auth.sign_in": "Signed in",
  "org.create": "Organization created",
  "org.rename": "Organization renamed",
  "org.delete": "Organization deleted",
  "member.role_change": "Member role changed",
  "member.remove": "Member removed",
  "member.leave": "Member left",
  "key.create": "Provider key added",
  "key.update": "Provider key edited",
  "key.delete": "Provider key deleted",
  "key.test": "Provider key tested",
  "account.delete": "Provider account deleted",
  "channel.create": "Notification channel added",
  "channel.update": "Notification channel edited",
  "channel.delete": "Notification channel deleted",
  "channel.test": "Notification channel tested",
  "budget.create": "Budget created",
  "budget.update": "Budget edited",
  "budget.delete": "Budget deleted",
  "price.create": "Price override added",
  "price.update": "Price override changed",
  "price.delete": "Price override removed",
  "price.reset": "Model price reset to default",
};

export const auditActionLabel = (action: string) => LABELS[action] ?? action;
