// @ts-check
/** @type {import('@docusaurus/plugin-content-docs').SidebarsConfig} */
module.exports = {
  docs: [
    "intro",
    "architecture",
    "ingestion",
    "providers",
    "money",
    "webhooks",
    "runbook-alerts",
    "configuration",
    { type: "category", label: "Runbooks", items: ["runbooks"] },
    { type: "category", label: "Reference", items: ["api", "reference/api", "clerk-mode"] },
  ],
};
