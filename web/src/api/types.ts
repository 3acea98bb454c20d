// Shapes of the records in docs/API.md. Fields the contract does not name are optional so the
// screens degrade gracefully when the server adds or omits something.

export interface Account {
  id: number | string
  login: string
  display_name: string
  phone?: string | null
  disabled: boolean
  created_at?: string | number
  version: number
  grants?: Grant[]
}

export interface Grant {
  id: number | string
  role: string
  org_unit_id: number | string
  org_unit_name_zh?: string
  org_unit_name_en?: string
}

export interface Me {
  account: Account
  grants: Grant[]
  permissions: string[]
}

export interface LoginResult {
  token: string
  expires_at: string | number
  account: Account
}

export interface RoleInfo {
  role: string
  name_zh: string
  name_en: string
  scope?: string
}

export interface OrgUnit {
  id: number | string
  parent_id?: number | string | null
  kind: string
  code: string
  name_zh: string
  name_en: string
  path?: OrgUnit[]
  children?: OrgUnit[]
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface Project {
  id: number | string
  name?: string
  name_zh?: string
  county_id?: number | string
  county_name_zh?: string
  county_name_en?: string
  stage: string
  project_type?: string
  sub_form?: string
  is_sample?: boolean
  version?: number
  updated_at?: string | number
  [key: string]: unknown
}

export interface ProjectStats {
  by_county: { county_id: number | string; name_zh: string; name_en: string; count: number }[]
  by_stage: { stage: string; count: number }[]
  total: number
}

export interface AuditEntry {
  seq?: number
  id?: number | string
  at?: string | number
  created_at?: string | number
  actor_id?: number | string | null
  actor_login?: string
  action: string
  target_type?: string
  target_id?: number | string | null
  [key: string]: unknown
}

export interface AuditVerify {
  ok: boolean
  checked: number
  first_broken_seq: number | null
}

export interface HouseholdMember {
  id?: number | string
  account_id?: number | string | null
  person_name?: string
  member_role?: string
  display_name?: string
  name?: string
  relation?: string
  is_head?: boolean
  [key: string]: unknown
}

export interface Household {
  id: number | string
  name?: string
  community_id?: number | string
  community_name_zh?: string
  building?: string
  unit?: string
  room?: string
  dwelling?: Record<string, unknown> | string | null
  members?: HouseholdMember[]
  [key: string]: unknown
}

export interface Problem {
  type?: string
  title?: string
  status: number
  detail?: string
  code?: string
  field?: string
  errors?: { field: string; message?: string; code?: string }[]
  request_id?: string
  instance?: string
  current?: unknown
}

// planning (issue #4, docs/PLANNING_API.md)
export interface PlanningDataset {
  id: number | string
  kind: string
  filename: string
  sha256?: string
  size_bytes?: number
  created_at?: string | number
  created_by?: number | string | null
  summary?: Record<string, unknown> | null
  [key: string]: unknown
}

export interface PlanningAnalysisSummary {
  nodes?: number
  arcs?: number
  residences?: number
  households?: number
  facilities?: number
  warnings?: number | string[]
  unsnapped?: number
  bbox?: number[]
  [key: string]: unknown
}

export interface PlanningAnalysis {
  id: number | string
  project_id?: number | string
  status: string
  progress?: number
  stage?: string | null
  params?: Record<string, unknown> | null
  error?: string | { detail?: string; message?: string } | null
  created_at?: string | number
  started_at?: string | number | null
  finished_at?: string | number | null
  created_by?: number | string | null
  summary?: PlanningAnalysisSummary | null
  [key: string]: unknown
}

export interface PlanningGap {
  residence_id: string
  level?: string
  category: string
  cutoff_min?: number
  nearest_seconds?: number | null
  households?: number
  lon?: number
  lat?: number
  [key: string]: unknown
}

export interface SiteChoice {
  candidate_id: string
  lon: number
  lat: number
  gain_households: number
  gain_residences?: number
  cumulative_households?: number
}

export interface SiteSuggestion {
  category: string
  cutoff_min: number
  method?: string
  households_total?: number
  households_uncovered_before?: number
  choices: SiteChoice[]
  [key: string]: unknown
}
