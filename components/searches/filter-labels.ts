// How the /searches pages name and describe each filter of SPEC §1.
import type { SearchFormField } from "@/lib/validation/search";

export const FILTER_LABELS: Record<SearchFormField, string> = {
  title_keywords: "Title keywords",
  title_exclude_keywords: "Exclude title keywords",
  country_codes: "Countries",
  remote: "Remote",
  seniorities: "Seniorities",
  min_salary_usd: "Minimum salary (USD/year)",
  company_domains: "Company domains",
  posted_within_days: "Posted within (days)",
  name_keywords: "Name keywords",
  industries: "Industries",
  min_employees: "Minimum employees",
  max_employees: "Maximum employees",
  technologies: "Technologies",
};

export const FILTER_HINTS: Partial<Record<SearchFormField, string>> = {
  title_keywords: "Any of these, anywhere in the title, case-insensitive. Separate with commas.",
  title_exclude_keywords: "Skip titles containing any of these.",
  country_codes: "2-letter ISO codes, such as ES, FR, US.",
  seniorities: "Any of these, such as junior, senior, staff.",
  min_salary_usd: "Jobs whose top of the salary range reaches this. Jobs without a salary are left out.",
  company_domains: "Only jobs at these companies, such as acme.com.",
  posted_within_days: "1–365, counted back from now: a job leaves the search when it gets older.",
  name_keywords: "Any of these, anywhere in the company name.",
  industries: "Any of these, such as software, fintech.",
  technologies: "Companies using any of these, such as postgresql, react.",
};

export const FILTER_PLACEHOLDERS: Partial<Record<SearchFormField, string>> = {
  title_keywords: "data engineer, analytics engineer",
  title_exclude_keywords: "intern, contractor",
  country_codes: "ES, PT",
  seniorities: "senior, staff",
  min_salary_usd: "80000",
  company_domains: "acme.com",
  posted_within_days: "60",
  name_keywords: "labs, analytics",
  industries: "software",
  min_employees: "50",
  max_employees: "500",
  technologies: "postgresql, kafka",
};
