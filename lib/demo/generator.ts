// Realistic job postings and companies for the demo, its history and `npm run simulate`. Pure and
// dependency-free (no server-only, no path aliases) so the command-line script can import it too.
// A seeded random source makes the seeded history reproducible.

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for demo data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function weightedPick<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rng() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1][0];
}

/** The job record as `POST /api/v1/jobs` accepts it. */
export type DemoJob = {
  external_id: string;
  title: string;
  company_name: string;
  company_domain: string;
  country_code: string;
  location: string;
  remote: boolean;
  seniority: string;
  min_annual_salary_usd: number | null;
  max_annual_salary_usd: number | null;
  date_posted: string;
  url: string;
};

/** The company record as `POST /api/v1/companies` accepts it. */
export type DemoCompany = {
  external_id: string;
  name: string;
  domain: string;
  country_code: string;
  industry: string;
  employee_count: number;
  technologies: string[];
};

// Country, weight, cities, salary level relative to the US.
const COUNTRIES = [
  ["US", 30, ["New York, NY", "San Francisco, CA", "Austin, TX", "Seattle, WA", "Boston, MA", "Chicago, IL"], 1],
  ["GB", 10, ["London", "Manchester", "Edinburgh", "Bristol"], 0.7],
  ["DE", 9, ["Berlin", "Munich", "Hamburg", "Cologne"], 0.65],
  ["ES", 7, ["Madrid", "Barcelona", "Valencia", "Málaga"], 0.45],
  ["FR", 6, ["Paris", "Lyon", "Toulouse", "Nantes"], 0.55],
  ["NL", 5, ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"], 0.65],
  ["CA", 5, ["Toronto, ON", "Vancouver, BC", "Montreal, QC"], 0.75],
  ["IE", 3, ["Dublin", "Cork"], 0.7],
  ["PT", 3, ["Lisbon", "Porto"], 0.4],
  ["SE", 3, ["Stockholm", "Gothenburg"], 0.6],
  ["PL", 3, ["Warsaw", "Kraków", "Wrocław"], 0.4],
  ["IN", 6, ["Bengaluru", "Hyderabad", "Pune"], 0.25],
  ["BR", 4, ["São Paulo", "Rio de Janeiro"], 0.3],
  ["AU", 3, ["Sydney, NSW", "Melbourne, VIC"], 0.75],
  ["SG", 2, ["Singapore"], 0.75],
] as const;

export const EUROPEAN_COUNTRY_CODES = ["ES", "DE", "FR", "NL", "GB", "IE", "PT", "SE", "PL", "IT"] as const;

// Title families. Titles are chosen so that the demo searches' keywords ("Engineer", "Developer",
// "Data", "Analytics") appear as whole words or not at all, whatever way a matcher splits words.
export type JobFamily = "engineering" | "data" | "product" | "sales" | "marketing" | "operations";

const JOB_FAMILIES: readonly { family: JobFamily; weight: number; baseSalary: number; titles: readonly string[] }[] = [
  {
    family: "engineering",
    weight: 34,
    baseSalary: 135_000,
    titles: [
      "Software Engineer",
      "Backend Engineer",
      "Frontend Engineer",
      "Full Stack Developer",
      "Platform Engineer",
      "Site Reliability Engineer",
      "iOS Developer",
      "Android Developer",
      "DevOps Engineer",
      "Security Engineer",
      "QA Engineer",
      "Embedded Software Engineer",
      "Python Developer",
      "Go Developer",
      "Cloud Infrastructure Engineer",
    ],
  },
  {
    family: "data",
    weight: 14,
    baseSalary: 130_000,
    titles: [
      "Data Engineer",
      "Data Scientist",
      "Data Analyst",
      "Analytics Engineer",
      "Machine Learning Engineer",
      "Head of Data",
      "Product Analytics Lead",
      "Big Data Architect",
    ],
  },
  {
    family: "product",
    weight: 10,
    baseSalary: 140_000,
    titles: ["Product Manager", "Product Designer", "UX Researcher", "Technical Program Manager", "Product Owner"],
  },
  {
    family: "sales",
    weight: 18,
    baseSalary: 95_000,
    titles: [
      "Account Executive",
      "Sales Development Representative",
      "Customer Success Manager",
      "Solutions Consultant",
      "Partnerships Manager",
      "Business Development Representative",
    ],
  },
  {
    family: "marketing",
    weight: 12,
    baseSalary: 90_000,
    titles: ["Content Marketing Manager", "Growth Marketer", "Demand Generation Manager", "Brand Designer", "SEO Specialist"],
  },
  {
    family: "operations",
    weight: 12,
    baseSalary: 85_000,
    titles: ["Financial Controller", "Recruiter", "People Partner", "Office Manager", "Legal Counsel", "Operations Manager"],
  },
];

const SENIORITIES = [
  ["junior", 15, 0.7],
  ["mid_level", 40, 1],
  ["senior", 32, 1.3],
  ["staff", 10, 1.6],
] as const;

const SENIORITY_PREFIX: Record<string, string> = { junior: "Junior ", senior: "Senior ", staff: "Staff " };

const NAME_STARTS = [
  "Nimbus", "Quanta", "Lumen", "Vertex", "Harbor", "Kite", "Beacon", "Cobalt", "Atlas", "Orbit", "Pioneer", "Maple",
  "Juniper", "Falcon", "Summit", "Northwind", "Bluefin", "Copper", "Ember", "Helix", "Iris", "Lattice", "Meridian",
  "Nova", "Onyx", "Prism", "Quill", "Rivet", "Sable", "Tidal", "Umbra", "Vela", "Willow", "Zephyr", "Acme", "Brightline",
  "Clearpath", "Driftwood", "Evergreen", "Foxglove", "Granite", "Hearth", "Indigo", "Keystone", "Lighthouse", "Mosaic",
];
const NAME_ENDS = [
  "Labs", "Analytics", "Systems", "Health", "Pay", "Logistics", "AI", "Cloud", "Works", "Robotics", "Bio", "Energy",
  "Security", "Data", "Commerce", "Learning", "Mobility", "Software", "Capital", "Studio",
];
const TLDS = ["com", "io", "ai", "co", "dev", "tech"];

const INDUSTRIES = [
  ["Software", 30],
  ["Fintech", 12],
  ["E-commerce", 10],
  ["Healthcare", 9],
  ["Cybersecurity", 7],
  ["Logistics", 6],
  ["Education", 5],
  ["Marketing", 6],
  ["Manufacturing", 5],
  ["Energy", 4],
  ["Media", 3],
  ["Real Estate", 3],
] as const;

const TECHNOLOGIES = [
  "react", "next.js", "typescript", "python", "go", "rust", "java", "kotlin", "postgresql", "mysql", "mongodb",
  "redis", "kafka", "snowflake", "dbt", "airflow", "aws", "google-cloud", "azure", "kubernetes", "terraform",
  "docker", "salesforce", "hubspot", "stripe", "segment", "datadog", "sentry", "shopify", "zapier", "n8n",
];

const JOB_BOARDS = ["boards.greenhouse.io", "jobs.lever.co", "jobs.ashbyhq.com", "apply.workable.com"];

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** A short id unlikely to repeat across runs: time in base 36 plus random characters. */
export function randomExternalId(rng: Rng, prefix: string, now = Date.now()): string {
  let suffix = "";
  for (let i = 0; i < 6; i++) suffix += Math.floor(rng() * 36).toString(36);
  return `${prefix}${now.toString(36)}${suffix}`;
}

function generateCompanyName(rng: Rng): { name: string; domain: string } {
  const start = pick(rng, NAME_STARTS);
  const end = pick(rng, NAME_ENDS);
  const name = `${start} ${end}`;
  return { name, domain: `${slugify(start)}${slugify(end)}.${pick(rng, TLDS)}` };
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

export type GenerateOptions = {
  /** The record's id at the source; random when omitted. */
  externalId?: string;
  /** When the record is discovered; `date_posted` falls a few days before it. */
  now?: Date;
};

export type JobOptions = GenerateOptions & {
  /** Only titles of this family (default: all families, weighted like a real feed). */
  family?: JobFamily;
  /** Only these countries (default: all, weighted). */
  countryCodes?: readonly string[];
};

export function generateJob(rng: Rng, options: JobOptions = {}): DemoJob {
  const now = options.now ?? new Date();
  const families = options.family ? JOB_FAMILIES.filter((f) => f.family === options.family) : JOB_FAMILIES;
  const family = weightedPick(rng, families.map((f) => [f, f.weight] as const));
  const baseTitle = pick(rng, family.titles);
  const [seniority, , salaryFactor] = weightedPick(rng, SENIORITIES.map((s) => [s, s[1]] as const));
  const title = baseTitle.startsWith("Head of") ? baseTitle : `${SENIORITY_PREFIX[seniority] ?? ""}${baseTitle}`;
  const restricted = options.countryCodes ? COUNTRIES.filter((c) => options.countryCodes!.includes(c[0])) : [];
  const countries = restricted.length > 0 ? restricted : COUNTRIES;
  const [countryCode, , cities, countryFactor] = weightedPick(rng, countries.map((c) => [c, c[1]] as const));
  const company = generateCompanyName(rng);
  const remote = rng() < 0.3;
  const hasSalary = rng() < 0.7;
  const mid = family.baseSalary * salaryFactor * countryFactor * (0.85 + rng() * 0.3);
  const postedAt = new Date(now.getTime() - Math.floor(rng() * 4) * 86_400_000);
  const externalId = options.externalId ?? randomExternalId(rng, "job_", now.getTime());
  return {
    external_id: externalId,
    title,
    company_name: company.name,
    company_domain: company.domain,
    country_code: countryCode,
    location: remote ? `Remote (${pick(rng, cities)})` : pick(rng, cities),
    remote,
    seniority,
    min_annual_salary_usd: hasSalary ? roundTo(mid * 0.88, 1000) : null,
    max_annual_salary_usd: hasSalary ? roundTo(mid * 1.12, 1000) : null,
    date_posted: postedAt.toISOString().slice(0, 10),
    url: `https://${pick(rng, JOB_BOARDS)}/${slugify(company.name)}/${slugify(title)}-${externalId.slice(-6)}`,
  };
}

export function generateCompany(rng: Rng, options: GenerateOptions = {}): DemoCompany {
  const now = options.now ?? new Date();
  const company = generateCompanyName(rng);
  const [countryCode] = weightedPick(rng, COUNTRIES.map((c) => [c, c[1]] as const));
  const industry = weightedPick(rng, INDUSTRIES);
  // Company sizes follow a long tail: many small, a few large.
  const employeeCount = Math.max(2, Math.round(Math.exp(2 + rng() * rng() * 8)));
  const technologies = new Set<string>();
  const techCount = randomInt(rng, 2, 7);
  while (technologies.size < techCount) technologies.add(pick(rng, TECHNOLOGIES));
  return {
    external_id: options.externalId ?? randomExternalId(rng, "cmp_", now.getTime()),
    name: company.name,
    domain: company.domain,
    country_code: countryCode,
    industry,
    employee_count: employeeCount,
    technologies: [...technologies].sort(),
  };
}

