// @ts-check
/** CogniTrack's documentation site. Built offline: no analytics, no remote search, no CDN assets. */
const { themes } = require("prism-react-renderer");

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: "CogniTrack",
  tagline: "What your team spends on LLM APIs, day by day, without a proxy",
  url: "https://docs.cognitrack.example",
  baseUrl: "/",
  onBrokenLinks: "throw",
  onBrokenAnchors: "throw",
  markdown: { format: "detect", mermaid: true, hooks: { onBrokenMarkdownLinks: "throw" } },
  themes: ["@docusaurus/theme-mermaid"],
  i18n: { defaultLocale: "en", locales: ["en"] },
  presets: [
    [
      "classic",
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: { routeBasePath: "/", sidebarPath: require.resolve("./sidebars.js") },
        blog: false,
        theme: { customCss: require.resolve("./src/css/custom.css") },
      }),
    ],
  ],
  themeConfig:
    /** @type {import('@docusaurus/preset-classic').ThemeConfig} */
    ({
      navbar: {
        title: "CogniTrack",
        items: [
          { type: "docSidebar", sidebarId: "docs", position: "left", label: "Docs" },
          { to: "/reference/api", label: "API reference", position: "left" },
        ],
      },
      footer: { style: "dark", copyright: "CogniTrack" },
      prism: { theme: themes.github, darkTheme: themes.dracula, additionalLanguages: ["bash", "json", "yaml"] },
      colorMode: { respectPrefersColorScheme: true },
    }),
};

module.exports = config;
