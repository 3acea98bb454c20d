// Programme operations (monitoring and money, issue 5): typed calls for the ops screens.
import { call } from './http'

type Id = number | string
type Query = Record<string, string | number | boolean | null | undefined>
type Body = Record<string, unknown>

export interface Milestone { id: number; project_id: number; name: string; due_on: string; done_on: string | null; overdue: boolean; version: number; project_name?: string; county_name_zh?: string }
export interface Report {
  id: number; project_id: number; project_name: string; county_id: number; period: string
  status: 'draft' | 'submitted' | 'reviewed' | 'returned'; editable: boolean; investment_fen: number
  satisfaction_pct: number | null; progress: { milestone_id: number; percent: number }[]
  indicators: { key: string; value: string }[]; problems: string; review_comment: string; version: number
}
export interface Settings { project_id: number; cadence: 'month' | 'quarter'; surplus_share_bp: number; version: number }
export interface Monitoring { project_id: number; stage: string; monitored: boolean; settings: Settings; reports: Report[]; milestones: Milestone[]; overdue_report: { period: string; due_on: string } | null }
export interface OverviewProject { project_id: number; project_name: string; county_id: number; county_name_zh: string; stage: string; monitored: boolean; cadence: string; last_period: string | null; overdue_report: { period: string; due_on: string } | null; overdue_milestones: number }
export interface Overview { today: string; projects: OverviewProject[]; overdue_reports: { project_id: number; project_name: string; county_name_zh: string; period: string; due_on: string }[]; overdue_milestones: Milestone[]; awaiting_review: Report[] }
export interface Trends { periods: string[]; series: { project_id: number; project_name: string; investment_fen: (number | null)[]; satisfaction_pct: (number | null)[] }[]; total_investment_fen: number[] }
export interface TargetYear { year: number; provincial_target: number; municipal_target: number; met: boolean; note: string; default: boolean; version: number }
export interface TargetCounty { county_id: number; name_zh: string; name_en: string; provincial_actual: number; municipal_actual: number; targets: TargetYear[] }
export interface FundingLine { id: number; direction: 'source' | 'use'; kind: string; amount_fen: number; gross_fen: number | null; state_share_bp: number | null; state_share_fen: number | null; note: string; version: number }
export interface Funding { lines: FundingLine[]; sources_fen: number; uses_fen: number; balance_fen: number; surplus_share_bp: number; surplus_to_operation_fund_fen: number; surplus_kept_fen: number; settings: Settings }
export interface Reward { id: number; county_id: number; county_name_zh: string; county_name_en: string; year: number; amount_fen: number; reason: string }
export interface Incentive { id: number; policy: string; owed_fen: number; paid_fen: number; outstanding_fen: number; version: number }
export interface Talent { id: number; person_name: string; tier: string; introduced_on: string; housing_fen: number; purchase_discount_fen: number; rent_relief_fen: number }
export interface Incentives { stage: string; payable: boolean; owed_fen: number; paid_fen: number; incentives: Incentive[]; talents: Talent[] }
export interface Approval { id: number; project_id: number; project_name: string; kind: string; title: string; submitted_on: string; approved_on: string | null; visits: number; pending: boolean; working_days: number; more_than_one_visit: boolean; version: number }
export interface Board { slowest: Approval[]; more_than_one_visit: Approval[]; items: number; one_visit_share_pct: number | null; average_working_days_approved: number | null }
export interface Meeting { id: number; held_on: string; title: string; minutes: string; version: number; action_items?: ActionItem[] }
export interface ActionItem { id: number; meeting_id: number; meeting_title: string; decision: string; department: string; department_name_zh: string; department_name_en: string; deadline: string; status: 'open' | 'in_progress' | 'done'; done_on: string | null; overdue: boolean; version: number }
export interface Catalogue { departments: { code: string; name_zh: string; name_en: string }[]; approval_kinds: string[]; source_kinds: string[]; use_kinds: string[]; talent_tiers: string[]; today: string }

export const opsApi = {
  catalogue: () => call<Catalogue>('opsCatalogue'),
  monitoring: (id: Id) => call<Monitoring>('opsMonitoring', { params: { id } }),
  addMilestone: (id: Id, body: Body) => call<Milestone>('opsAddMilestone', { params: { id }, body }),
  updateMilestone: (id: Id, body: Body) => call<Milestone>('opsUpdateMilestone', { params: { id }, body }),
  milestones: (id: Id) => call<{ items: Milestone[] }>('opsMilestones', { params: { id } }),
  putSettings: (id: Id, body: Body) => call<Settings>('opsSettings', { params: { id }, body }),
  fileReport: (id: Id, body: Body) => call<Report>('opsFileReport', { params: { id }, body }),
  report: (id: Id) => call<Report>('opsReport', { params: { id } }),
  updateReport: (id: Id, body: Body) => call<Report>('opsUpdateReport', { params: { id }, body }),
  submitReport: (id: Id, version: number) => call<Report>('opsSubmitReport', { params: { id }, body: { version } }),
  reviewReport: (id: Id, body: Body) => call<Report>('opsReviewReport', { params: { id }, body }),
  overview: () => call<Overview>('opsOverview'),
  trends: (query: Query) => call<Trends>('opsTrends', { query }),
  targets: () => call<{ years: number[]; counties: TargetCounty[] }>('opsTargets'),
  putTarget: (county_id: Id, year: Id, body: Body) => call<TargetYear>('opsPutTarget', { params: { county_id, year }, body }),
  funding: (id: Id) => call<Funding>('opsFunding', { params: { id } }),
  addFundingLine: (id: Id, body: Body) => call<FundingLine>('opsAddFundingLine', { params: { id }, body }),
  deleteFundingLine: (id: Id, version: number) => call<void>('opsDeleteFundingLine', { params: { id }, query: { version } }),
  rewards: () => call<{ items: Reward[] }>('opsRewards'),
  addReward: (body: Body) => call<Reward>('opsAddReward', { body }),
  incentives: (id: Id) => call<Incentives>('opsIncentives', { params: { id } }),
  addIncentive: (id: Id, body: Body) => call<Incentive>('opsAddIncentive', { params: { id }, body }),
  payIncentive: (id: Id, body: Body) => call<Incentive>('opsPayIncentive', { params: { id }, body }),
  addTalent: (id: Id, body: Body) => call<Talent>('opsAddTalent', { params: { id }, body }),
  approvals: (id: Id) => call<{ items: Approval[] }>('opsApprovals', { params: { id } }),
  addApproval: (id: Id, body: Body) => call<Approval>('opsAddApproval', { params: { id }, body }),
  board: () => call<Board>('opsApprovalBoard'),
  putHoliday: (day: string, name: string) => call<{ day: string; name: string }>('opsPutHoliday', { params: { day }, body: { name } }),
  deleteHoliday: (day: string) => call<void>('opsDeleteHoliday', { params: { day } }),
  updateApproval: (id: Id, body: Body) => call<Approval>('opsUpdateApproval', { params: { id }, body }),
  holidays: () => call<{ items: { day: string; name: string }[] }>('opsHolidays'),
  meetings: () => call<{ items: Meeting[] }>('opsMeetings'),
  addMeeting: (body: Body) => call<Meeting>('opsAddMeeting', { body }),
  meeting: (id: Id) => call<Meeting>('opsMeeting', { params: { id } }),
  addAction: (id: Id, body: Body) => call<ActionItem>('opsAddAction', { params: { id }, body }),
  actions: (query: Query) => call<{ items: ActionItem[]; overdue: number }>('opsActions', { query }),
  // programme2: the two ops writes that had no screen
  updateFundingLine: (id: Id, body: Body) => call<FundingLine>('opsUpdateFundingLine', { params: { id }, body }),
  updateMeeting: (id: Id, body: Body) => call<Meeting>('opsUpdateMeeting', { params: { id }, body }),
  updateAction: (id: Id, body: Body) => call<ActionItem>('opsUpdateAction', { params: { id }, body }),
}
