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

// Programme (issue #5)
// A milestone (时间节点): one table for the project record and programme ops.
export interface Milestone { id?: number; phase: string; name: string; due_on: string; done_on: string | null; version?: number }
// The project's latest evaluation (evaluation module), read by the acceptance step server-side.
export interface LatestEvaluation {
  evaluation_id: number; ruleset_id: number; ruleset_code: string; ruleset_version: string; as_of: string
  binding_failed: number; score: number; pass_mark: number; verdict: string
}
export interface ProjectDetail extends Project {
  name: string
  community_id: number | null
  land_area_mu: number | null
  land_area_ha: number | null
  floor_area_m2: number | null
  investment_yuan: number | null
  households: number | null
  population: number | null
  implementing_entity: string
  summary: string
  location: [number, number] | null
  site: Record<string, unknown> | null
  milestones: Milestone[]
  safety_hazards: string[]
  action_plan_id: number | null
  stage_name_zh?: string
  allowed_actions?: string[]
  reviews_done?: string[]
  can_edit?: boolean
  version: number
}
export interface Transition {
  id: number
  at: string
  actor_login: string
  role: string
  action: string
  action_name_zh: string
  from_stage: string
  to_stage: string
  comments: string
  details: {
    reviewers?: { name: string; score: number }[]
    mean_score?: number
    acceptance?: {
      verdict: string; evidence: string[]; provincial_override: boolean; override_reason: string
      evaluation: null | { evaluation_id: number; ruleset: string; as_of: string; binding_failed: number; score: number; pass_mark: number; verdict: string }
      evaluation_status?: 'met' | 'failed' | 'overridden' | 'none'
    }
  }
  attachment_ids: number[]
}
export interface Revision { id: number; version: number; at: string; actor_login: string; field: string; old_value: string | null; new_value: string | null }
export interface Attachment { id: number; sha256: string; kind: string; filename: string; content_type: string; size_bytes: number; uploaded_login: string; at: string }
export interface ActionPlan {
  id: number; county_id: number; county_name_zh: string; year: number; title: string; priorities: string
  constraints: { traffic_capacity?: string; funding_balance?: string; cultural_heritage?: string }
  phasing: string; rolled_from: number | null; candidates: number; version: number
}
export interface PublicProject {
  id: number; name: string; county_name_zh: string; project_type: string; sub_form: string; stage: string
  stage_name_zh: string; land_area_mu: number | null; land_area_ha: number | null; floor_area_m2: number | null
  investment_yuan: number | null; households: number | null; implementing_entity: string
  location: [number, number] | null; on_provincial_list: boolean; named: boolean
}
export interface DataDictionary {
  fields: { field: string; type: string; description_zh: string; description_en: string }[]
  public_stages: { code: string; name_zh: string }[]
  licence: string
}

// Community services: shared parking (issue #8). Times are Unix milliseconds.
export interface ParkingWindow { id: number; rrule: string; start: string; end: string; exdates: string[] }
export interface ParkingSlot {
  id: number; community_id: number; code: string; owner_kind: 'household' | 'organisation'; owner_name: string
  location: string; min_minutes: number; max_minutes: number; buffer_minutes: number; horizon_days: number
  version: number; owner_household_id: number | null; windows: ParkingWindow[]; shared: boolean
  mine?: boolean; free?: boolean; can_publish?: boolean
  price_kind?: 'free' | 'money' | 'points'; price_per_hour?: number; requires_approval?: boolean; distance_m?: number
  lon?: number | null; lat?: number | null
  busy?: { starts_at: number; ends_at: number }[]; open?: { starts_at: number; ends_at: number }[]
}
export interface ParkingBooking {
  id: number; slot_id: number; slot_code: string; slot_location: string; household_id: number
  starts_at: number; ends_at: number; status: 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'released'
  plate: string; overstay_minutes: number; version: number
  visitor_name?: string; price_kind?: 'free' | 'money' | 'points'; price_amount?: number; charge_tx_id?: number | null; refund_tx_id?: number | null; approval?: 'none' | 'pending' | 'approved' | 'rejected'
}
export interface ParkingStats {
  community_id: number; from: number; to: number; slots: number; shared_slots: number; shared_share: number
  bookings: number; booked_hours: number; used_hours: number; no_shows: number; overstays: number
}

// Community services: "platform + butler" work orders (issue #8). Times are Unix milliseconds.
export interface WorkOrderSla {
  response_minutes: number
  resolution_minutes: number
  active_minutes: number
  responded_minutes: number | null
  resolved_minutes: number | null
  response_met: boolean
  resolution_met: boolean
  paused: boolean
  body?: string
  held?: boolean
}
export interface WorkOrderTarget { response_minutes: number; resolution_minutes: number }
export interface WorkOrderCategory {
  code: string
  name_zh: string
  name_en: string
  response_minutes: number
  resolution_minutes: number
  targets: Record<'property' | 'committee' | 'hotline', WorkOrderTarget>
}
export interface WorkOrderPhoto { id: number; content_type: string; size_bytes: number; url: string }
export interface WorkOrderEvent { id: number; at: number; action: string; to_status: string; note: string; body: string; actor_account_id: number | null }
export interface WorkOrder {
  id: number
  community_id: number
  category: string
  description: string
  location: string
  status: string
  body: 'property' | 'committee' | 'hotline'
  source: string
  reporter_account_id: number
  assignee_account_id: number | null
  satisfaction: number | null
  return_visit_note: string
  quote: { status: string; note: string; amount_cents: number | null }
  created_at: number
  updated_at: number
  version: number
  sla?: WorkOrderSla
  body_sla?: WorkOrderSla[]
  photos?: WorkOrderPhoto[]
  events?: WorkOrderEvent[]
}
export interface WorkOrderSchedule {
  id: number
  category: string
  title: string
  location: string
  interval_days: number
  next_due_at: number
  active: boolean
  version: number
}
export interface WorkOrderStatRow {
  orders: number
  backlog: number
  breaching: number
  resolved: number
  sla_met: number
  sla_met_pct: number | null
  rated: number
  satisfaction_avg: number | null
  category?: string
  name_zh?: string
  name_en?: string
  account_id?: number
  display_name?: string
}
export interface WorkOrderStats { total: WorkOrderStatRow; by_category: WorkOrderStatRow[]; by_butler: WorkOrderStatRow[] }
export interface Open311Key { id: number; label: string; created_at: number; revoked_at: number | null; api_key?: string }
// Community services: smart security (issue #8)
export interface SecuritySettings { community_id: number; face_images_enabled: boolean; retention_days: number; version: number }
export interface SecurityDevice {
  id: number; community_id: number; code: string; kind: 'camera' | 'access_gate' | 'smoke_sensor'; name: string
  location: string; active: boolean; created_at: number; version: number
}
export interface SecurityEvent {
  id: number; device_id: number; device_code: string; device_name: string; device_kind: string; location: string
  community_id: number; event_id: string; signed_at: number; received_at: number; type: string
  severity: 'info' | 'warning' | 'alarm'; message: string; has_image: boolean
  status: 'logged' | 'open' | 'dispatched' | 'false_alarm' | 'confirmed'; work_order_id: number | null
  patrol_account_id: number | null; feedback_note: string; version: number
  case: { id: number; status: string; assignee_account_id: number | null; version: number } | null
}
