// Names and model profiles the generator draws from. Model profiles shape realistic volumes:
// small models get many cheap requests, reasoning models fewer with long outputs.

export interface ModelProfile {
  name: string;
  /** relative request volume */
  volume: number;
  avgInput: number;
  avgOutput: number;
  /** maximum share of input tokens served from cache */
  cacheRate: number;
  audio: boolean;
}

export const COMPLETION_MODELS: readonly ModelProfile[] = [
  { name: "gpt-4o-mini-2024-07-18", volume: 3, avgInput: 900, avgOutput: 220, cacheRate: 0.5, audio: false },
  { name: "gpt-4o-2024-08-06", volume: 1.5, avgInput: 1400, avgOutput: 350, cacheRate: 0.5, audio: false },
  { name: "gpt-4.1-2025-04-14", volume: 1.2, avgInput: 2200, avgOutput: 420, cacheRate: 0.6, audio: false },
  { name: "gpt-4.1-mini-2025-04-14", volume: 2.5, avgInput: 1100, avgOutput: 260, cacheRate: 0.6, audio: false },
  { name: "gpt-4.1-nano-2025-04-14", volume: 3.5, avgInput: 600, avgOutput: 120, cacheRate: 0.4, audio: false },
  { name: "o3-2025-04-16", volume: 0.4, avgInput: 3000, avgOutput: 2400, cacheRate: 0.3, audio: false },
  { name: "o4-mini-2025-04-16", volume: 0.9, avgInput: 1800, avgOutput: 1500, cacheRate: 0.3, audio: false },
  { name: "gpt-5-2025-08-07", volume: 1, avgInput: 2500, avgOutput: 900, cacheRate: 0.6, audio: false },
  { name: "gpt-5-mini-2025-08-07", volume: 2, avgInput: 1500, avgOutput: 600, cacheRate: 0.6, audio: false },
  { name: "gpt-5-nano-2025-08-07", volume: 3, avgInput: 700, avgOutput: 250, cacheRate: 0.5, audio: false },
  { name: "o1-2024-12-17", volume: 0.2, avgInput: 2600, avgOutput: 3000, cacheRate: 0.2, audio: false },
  { name: "o3-mini-2025-01-31", volume: 0.6, avgInput: 1600, avgOutput: 1800, cacheRate: 0.3, audio: false },
  { name: "gpt-4o-audio-preview-2024-12-17", volume: 0.5, avgInput: 800, avgOutput: 500, cacheRate: 0.1, audio: true },
  {
    name: "gpt-4o-realtime-preview-2024-12-17",
    volume: 0.3,
    avgInput: 1200,
    avgOutput: 700,
    cacheRate: 0.2,
    audio: true,
  },
  { name: "gpt-3.5-turbo-0125", volume: 1, avgInput: 500, avgOutput: 150, cacheRate: 0, audio: false },
  { name: "gpt-4-turbo-2024-04-09", volume: 0.3, avgInput: 1500, avgOutput: 400, cacheRate: 0, audio: false },
  { name: "chatgpt-4o-latest", volume: 0.5, avgInput: 1000, avgOutput: 300, cacheRate: 0.3, audio: false },
];

export const EMBEDDING_MODELS: readonly string[] = [
  "text-embedding-3-small",
  "text-embedding-3-large",
  "text-embedding-ada-002-v2",
];

/** The first `count` completion models; beyond the catalog, fine-tuned variants are added. */
export function completionModels(count: number, orgSlug: string): ModelProfile[] {
  const out: ModelProfile[] = [];
  for (let i = 0; i < count; i++) {
    const base = COMPLETION_MODELS[i % COMPLETION_MODELS.length];
    if (i < COMPLETION_MODELS.length) out.push(base);
    else out.push({ ...base, name: `ft:${base.name}:${orgSlug}:custom-${i}:Abc${i}x`, volume: base.volume / 2 });
  }
  return out;
}

export const ORG_NAMES = [
  "Acme Robotics",
  "Globex Analytics",
  "Initech Labs",
  "Umbrella Health",
  "Stark Logistics",
  "Wayne Media",
];

export const PROJECT_NAMES = [
  "Checkout Assistant",
  "Support Copilot",
  "Search Reranker",
  "Invoice Extractor",
  "Sales Email Drafts",
  "Internal Knowledge Bot",
  "Fraud Review",
  "Onboarding Guide",
  "Code Review Bot",
  "Marketing Copy",
  "Data Labeling",
  "Voice Agent",
  "Catalog Enrichment",
  "Meeting Summaries",
  "Legal Clause Finder",
  "HR Helpdesk",
  "Analytics Narratives",
  "Translation Service",
  "QA Test Generator",
  "Recommendations",
];

export const FIRST_NAMES = [
  "Ada",
  "Ben",
  "Chloe",
  "Dev",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemi",
  "Liam",
  "Maya",
  "Nikhil",
  "Olga",
  "Pablo",
  "Quinn",
  "Rosa",
  "Sam",
  "Tara",
  "Uma",
  "Victor",
  "Wen",
  "Yusuf",
];

export const LAST_NAMES = [
  "Okafor",
  "Schmidt",
  "Nakamura",
  "Garcia",
  "Kowalski",
  "Haddad",
  "Lindqvist",
  "Patel",
  "Rossi",
  "Dubois",
  "Murphy",
  "Chen",
  "Silva",
  "Novak",
  "Andersen",
  "Moreau",
  "Kim",
  "Oduya",
  "Santos",
  "Weber",
];

export const KEY_NAMES = [
  "Production",
  "Staging",
  "Batch jobs",
  "CI",
  "Eval harness",
  "Backfill",
  "Prototype",
  "Dev laptop",
];

export const SERVICE_ACCOUNT_NAMES = ["deploy-bot", "etl-worker", "eval-runner", "support-backend"];
