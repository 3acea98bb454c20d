// Typed calls of the evaluation module (#6): rulesets, evaluations, surveys.
import { call } from './http'

type Id = number | string

export interface RulesetSummary {
  id: number
  code: string
  version_label: string
  status: 'draft' | 'published' | 'retired'
  provenance: 'official' | 'reconstruction'
  name_zh: string
  copied_from: number | null
  published_at: string | null
  retired_at: string | null
  evaluations: number
  version: number
}
export interface Threshold { min: number; max: number }
export interface Indicator {
  code: string
  name_zh: string
  name_en: string
  kind: 'binding' | 'guiding'
  measure: string
  unit: string
  comparison: '>=' | '<=' | '==' | 'between' | 'bool'
  threshold: number | boolean | Threshold
  overrides?: { project_type?: string; tier?: string; threshold: number | boolean | Threshold }[]
  points?: number
  source: { type: 'computed' | 'adapter' | 'reported'; calculator?: string; adapter?: string; evidence?: string; params?: Record<string, unknown> }
  status?: string
  threshold_note?: string
  citation?: string
}
export interface Scenario { code: string; name_zh: string; name_en: string; indicators: Indicator[] }
export interface RulesetDoc {
  code: string
  version: string
  name_zh: string
  name_en: string
  provenance: 'official' | 'reconstruction'
  note?: string
  pass_mark: number
  scenarios: Scenario[]
}
export interface RulesetFull extends RulesetSummary { ruleset: RulesetDoc }

export interface IndicatorResult {
  scenario_code: string
  code: string
  name_zh: string
  name_en: string
  kind: 'binding' | 'guiding'
  unit: string
  comparison: string
  threshold: string
  indicator_status: string
  value: number | boolean | null
  outcome: 'met' | 'not_met' | 'no_data'
  source: string
  source_detail: string
  evidence: string
  attachment_ref: string
  review_status: string
  points_available: number
  points_earned: number
}
export interface ScenarioTotal {
  code: string
  name_zh: string
  name_en: string
  indicators: number
  met: number
  no_data: number
  binding: number
  binding_failed: number
  points_available: number
  points_earned: number
  attainment_pct: number
}
export interface EvaluationResult {
  ruleset_code: string
  ruleset_version: string
  ruleset_provenance: string
  project_id: number
  project_name: string
  project_type: string
  tier: string
  as_of: string
  binding_total: number
  binding_failed: number
  no_data: number
  points_available: number
  points_earned: number
  score: number
  pass_mark: number
  verdict: 'pass' | 'fail'
  verdict_reasons: string[]
  scenarios: ScenarioTotal[]
  indicators: IndicatorResult[]
}
export interface EvaluationSummary {
  id: number
  project_id: number
  ruleset_id: number
  ruleset_code: string
  ruleset_version: string
  as_of: string
  score: number
  pass_mark: number
  binding_failed: number
  no_data: number
  verdict: 'pass' | 'fail'
  created_at: string
  result?: EvaluationResult
}
export interface Comparison {
  before: { ruleset_version: string; as_of: string; score: number; verdict: string }
  after: { ruleset_version: string; as_of: string; score: number; verdict: string }
  changes: {
    code: string
    name_zh: string
    reasons: string[]
    outcome_before?: string
    outcome_after?: string
    value_before?: unknown
    value_after?: unknown
    threshold_before?: string
    threshold_after?: string
  }[]
}
export interface LeagueRow extends EvaluationSummary { rank: number; project_name: string; county_name_zh: string }
export interface SurveyQuestion {
  id: string
  type: 'rating' | 'single' | 'multiple' | 'text'
  text_zh: string
  text_en: string
  required: boolean
  satisfaction?: boolean
  options?: { id: string; zh: string; en: string }[]
}
export interface Survey {
  id: number
  project_id: number
  title: string
  description: string
  questions: SurveyQuestion[]
  opens_at: string
  closes_at: string
  state: 'scheduled' | 'open' | 'closed'
  min_group_size: number
  responses?: number
  household_id?: number
  answered?: boolean
  my_answers?: Record<string, unknown> | null
}
export interface SurveyResults {
  responses: number
  eligible: number
  min_group_size: number
  shown: boolean
  satisfaction_pct: number | null
  questions: {
    id: string
    type: string
    text_zh: string
    text_en: string
    answered: number
    distribution?: number[]
    mean?: number | null
    options?: { id: string; zh: string; en: string; count: number }[]
    texts?: string[]
  }[]
  groups: { group: string; responses: number }[]
  suppressed_responses: number
  survey: Survey
}
export interface Trend {
  evaluations: { evaluation_id: number; as_of: string; ruleset_version: string; score: number; verdict: string }[]
  indicators: { code: string; name_zh: string; points: { evaluation_id: number; as_of: string; value: number | boolean | null; outcome: string }[] }[]
}
interface List<T> { items: T[]; next_cursor: string | null }
export interface ReportedValue {
  id: number
  indicator_code: string
  value_number: number | null
  value_flag: boolean | null
  period: string
  evidence: string
  attachment_ref: string
  review_status: 'pending' | 'accepted' | 'queried'
  review_note: string
}
export interface SiteInputsDoc { project_id: number; inputs: Record<string, unknown> | null; version: number; updated_at?: string }

export interface SiteRowPayload { sheet: string; where: string; values: Record<string, string | number | boolean | null> }
export interface SiteImportBody { version: number; format: 'csv' | 'geojson' | 'rows'; content?: string; filename?: string; rows?: SiteRowPayload[] }

export const evalApi = {
  rulesets: () => call<List<RulesetSummary>>('rulesets'),
  ruleset: (id: Id) => call<RulesetFull>('ruleset', { params: { id } }),
  importRuleset: (doc: RulesetDoc) => call<RulesetFull>('importRuleset', { body: doc }),
  updateRuleset: (id: Id, version: number, ruleset: RulesetDoc) =>
    call<RulesetFull>('updateRuleset', { params: { id }, body: { version, ruleset } }),
  deleteRuleset: (id: Id) => call<void>('deleteRuleset', { params: { id } }),
  exportRuleset: (id: Id) => call<RulesetDoc>('exportRuleset', { params: { id } }),
  publish: (id: Id) => call<RulesetSummary>('publishRuleset', { params: { id }, body: {} }),
  retire: (id: Id) => call<RulesetSummary>('retireRuleset', { params: { id }, body: {} }),
  copy: (id: Id, version_label: string) => call<RulesetFull>('copyRuleset', { params: { id }, body: { version_label } }),
  siteInputs: (projectId: Id) => call<SiteInputsDoc>('siteInputs', { params: { id: projectId } }),
  putSiteInputs: (projectId: Id, version: number, inputs: unknown) =>
    call<SiteInputsDoc>('putSiteInputs', { params: { id: projectId }, body: { version, inputs } }),
  importSiteInputs: (projectId: Id, body: SiteImportBody) =>
    call<SiteInputsDoc & { imported_rows: number }>('importSiteInputs', { params: { id: projectId }, body }),
  reportedValues: (projectId: Id) => call<List<ReportedValue>>('reportedValues', { params: { id: projectId } }),
  addReportedValue: (projectId: Id, body: Record<string, unknown>) =>
    call<ReportedValue>('addReportedValue', { params: { id: projectId }, body }),
  review: (id: Id, status: 'accepted' | 'queried', note?: string) =>
    call<ReportedValue>('reviewReportedValue', { params: { id }, body: note ? { status, note } : { status } }),
  run: (projectId: Id, ruleset_id: number, as_of?: string) =>
    call<EvaluationSummary>('runEvaluation', { params: { id: projectId }, body: as_of ? { ruleset_id, as_of } : { ruleset_id } }),
  evaluations: (projectId: Id) => call<List<EvaluationSummary>>('evaluations', { params: { id: projectId } }),
  evaluation: (id: Id) => call<EvaluationSummary>('evaluation', { params: { id } }),
  compare: (a: Id, b: Id) => call<Comparison>('compareEvaluations', { query: { a, b } }),
  league: (county_id?: Id) => call<List<LeagueRow>>('league', { query: { county_id } }),
  createSurvey: (projectId: Id, body: Record<string, unknown>) => call<Survey>('createSurvey', { params: { id: projectId }, body }),
  trend: (projectId: Id) => call<Trend>('evaluationTrend', { params: { id: projectId } }),
  projectSurveys: (projectId: Id) => call<List<Survey>>('projectSurveys', { params: { id: projectId } }),
  mySurveys: () => call<List<Survey>>('mySurveys'),
  answer: (id: Id, household_id: number | undefined, answers: Record<string, unknown>) =>
    call<{ replaced: boolean }>('answerSurvey', { params: { id }, body: household_id ? { household_id, answers } : { answers } }),
  results: (id: Id) => call<SurveyResults>('surveyResults', { params: { id } }),
  closeSurvey: (id: Id) => call<Survey>('closeSurvey', { params: { id }, body: {} }),
}
