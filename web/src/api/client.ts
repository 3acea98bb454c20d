// Typed functions for every route in ROUTES. Screens import these, never `fetch`.
import { call, buildUrl } from './http'
import { ROUTES, fillPath } from './routes'
import { ApiError, toProblem } from './problem'
import type {
  Account, AuditEntry, AuditVerify, Grant, Household, LoginResult, Me, OrgUnit, Page, PlanningAnalysis,
  PlanningDataset, PlanningGap, Project, ProjectStats, RoleInfo, SiteSuggestion, ProjectDetail, Transition,
  Revision, Attachment, ActionPlan, PublicProject, DataDictionary,
} from './types'
import type { ParkingBooking, ParkingSlot, ParkingStats, ParkingWindow } from './types'
import type { LatestEvaluation } from './types'
import type {
  Open311Key, WorkOrder, WorkOrderCategory, WorkOrderPhoto, WorkOrderSchedule, WorkOrderStats,
} from './types'
import type { SecurityDevice, SecurityEvent, SecuritySettings } from './types'
import type { FeatureCollection } from 'geojson'

type Id = number | string
type Query = Record<string, string | number | boolean | null | undefined>

export const api = {
  login: (login: string, password: string) =>
    call<LoginResult>('login', { body: { login, password }, quiet401: true }),
  logout: () => call<void>('logout', { quiet401: true }),
  me: (quiet401 = false) => call<Me>('me', { quiet401 }),
  changePassword: (current_password: string, new_password: string) =>
    call<{ token: string; expires_at: string | number }>('changePassword', {
      body: { current_password, new_password },
      // A wrong current password must stay on the dialog, not end the session.
      quiet401: true,
    }),
  roles: () => call<RoleInfo[] | Page<RoleInfo>>('roles'),
  orgUnitTree: () => call<OrgUnit | OrgUnit[]>('orgUnitTree'),
  orgUnit: (id: Id) => call<OrgUnit>('orgUnit', { params: { id } }),
  createOrgUnit: (body: { parent_id: Id; kind: string; code: string; name_zh: string; name_en: string }) =>
    call<OrgUnit>('createOrgUnit', { body }),
  accounts: (query: Query) => call<Page<Account>>('accounts', { query }),
  createAccount: (body: { login: string; display_name: string; phone?: string; password: string }) =>
    call<Account>('createAccount', { body }),
  account: (id: Id) => call<Account>('account', { params: { id } }),
  updateAccount: (id: Id, body: { display_name?: string; phone?: string; disabled?: boolean; version: number }) =>
    call<Account>('updateAccount', { params: { id }, body }),
  resetPassword: (id: Id, new_password: string) =>
    call<void>('resetPassword', { params: { id }, body: { new_password } }),
  addGrant: (id: Id, role: string, org_unit_id: Id) =>
    call<Grant>('addGrant', { params: { id }, body: { role, org_unit_id } }),
  removeGrant: (id: Id, grant_id: Id) => call<void>('removeGrant', { params: { id, grant_id } }),
  myHouseholds: () => call<Household[] | Page<Household> | { households: Household[] }>('myHouseholds'),
  projects: (query: Query) => call<Page<Project>>('projects', { query }),
  projectStats: () => call<ProjectStats>('projectStats'),
  audit: (query: Query) => call<Page<AuditEntry>>('audit', { query }),
  auditVerify: () => call<AuditVerify>('auditVerify'),
  config: () => call<Record<string, unknown>>('config', { quiet401: true }),
  // planning (issue #4)
  planningDatasets: (id: Id) => call<{ items: PlanningDataset[] }>('planningDatasets', { params: { id } }),
  planningUpload: (id: Id, kind: string, file: File | Blob, filename: string) =>
    call<PlanningDataset>('planningUpload', {
      params: { id },
      query: { kind, filename },
      raw: file,
      contentType: file.type || 'application/octet-stream',
    }),
  planningDeleteDataset: (id: Id, dataset_id: Id) => call<void>('planningDeleteDataset', { params: { id, dataset_id } }),
  planningAnalyses: (id: Id) => call<{ items: PlanningAnalysis[] }>('planningAnalyses', { params: { id } }),
  planningStart: (id: Id, body: unknown) => call<PlanningAnalysis>('planningStart', { params: { id }, body }),
  planningAnalysis: (id: Id, analysis_id: Id) => call<PlanningAnalysis>('planningAnalysis', { params: { id, analysis_id } }),
  planningCancel: (id: Id, analysis_id: Id) => call<PlanningAnalysis>('planningCancel', { params: { id, analysis_id } }),
  planningCoverage: (id: Id, analysis_id: Id) => call<unknown>('planningCoverage', { params: { id, analysis_id } }),
  planningGaps: (id: Id, analysis_id: Id, query: Query) =>
    call<Page<PlanningGap> & { total?: number }>('planningGaps', { params: { id, analysis_id }, query }),
  planningReport: (id: Id, analysis_id: Id) => call<{ warnings?: unknown[]; [key: string]: unknown }>('planningReport', { params: { id, analysis_id } }),
  planningSuggestions: (id: Id, analysis_id: Id) => call<SiteSuggestion | null>('planningSuggestions', { params: { id, analysis_id } }),
  planningNetwork: (id: Id, analysis_id: Id) => call<FeatureCollection>('planningNetwork', { params: { id, analysis_id } }),
  planningFacilities: (id: Id, analysis_id: Id) => call<FeatureCollection>('planningFacilities', { params: { id, analysis_id } }),
  planningResidences: (id: Id, analysis_id: Id) => call<FeatureCollection>('planningResidences', { params: { id, analysis_id } }),
  planningIsochrone: (id: Id, analysis_id: Id, body: { lon: number; lat: number; cutoffs_min?: number[] } | { facility_id: string; cutoffs_min?: number[] }) =>
    call<FeatureCollection>('planningIsochrone', { params: { id, analysis_id }, body }),
  // Programme (issue #5)
  project: (id: Id) => call<ProjectDetail>('project', { params: { id } }),
  createProject: (body: Record<string, unknown>) => call<ProjectDetail>('createProject', { body }),
  updateProject: (id: Id, body: Record<string, unknown>) => call<ProjectDetail>('updateProject', { params: { id }, body }),
  projectRevisions: (id: Id) => call<{ items: Revision[] }>('projectRevisions', { params: { id } }),
  latestEvaluation: (id: Id) => call<LatestEvaluation>('latestEvaluation', { params: { id } }),
  projectTransitions: (id: Id) => call<{ items: Transition[] }>('projectTransitions', { params: { id } }),
  transition: (id: Id, body: Record<string, unknown>) =>
    call<{ project: ProjectDetail; transition: Transition }>('transition', { params: { id }, body }),
  projectAttachments: (id: Id) => call<{ items: Attachment[] }>('projectAttachments', { params: { id } }),
  /** Raw upload (the server checks the type by magic bytes). */
  uploadAttachment: async (id: Id, file: File, kind: string): Promise<Attachment> => {
    const url = buildUrl(fillPath(ROUTES.uploadAttachment.path, { id }), { kind, filename: file.name })
    const res = await fetch(url, { method: 'POST', body: file, credentials: 'same-origin', headers: { 'Content-Type': 'application/octet-stream' } })
    const text = await res.text()
    const parsed: unknown = text ? JSON.parse(text) : undefined
    if (!res.ok) throw new ApiError(toProblem(res.status, parsed), null)
    return parsed as Attachment
  },
  attachmentUrl: (id: Id, attachment_id: Id) => fillPath(ROUTES.attachment.path, { id, attachment_id }),
  actionPlans: () => call<{ items: ActionPlan[] }>('actionPlans'),
  createActionPlan: (body: Record<string, unknown>) => call<ActionPlan>('createActionPlan', { body }),
  rollForwardActionPlan: (id: Id) => call<ActionPlan>('rollForwardActionPlan', { params: { id }, body: {} }),
  publicProjects: (list: 'municipal' | 'provincial' | 'named') =>
    call<{ list: string; items: PublicProject[] }>('publicProjects', { query: { list }, quiet401: true }),
  dataDictionary: () => call<DataDictionary>('dataDictionary', { quiet401: true }),
  // Community services: shared parking (issue #8)
  parkingSlots: (query: Query) => call<{ items: ParkingSlot[] }>('parkingSlots', { query }),
  parkingSlot: (id: Id) => call<ParkingSlot>('parkingSlot', { params: { id } }),
  createParkingSlot: (body: {
    owner_kind: 'household' | 'organisation'; code: string; location?: string; household_id?: number; community_id?: number
    owner_name?: string; price_kind?: 'free' | 'money' | 'points'; price_per_hour?: number; requires_approval?: boolean
  }) => call<ParkingSlot>('createParkingSlot', { body }),
  createParkingWindow: (id: Id, body: { rrule: string; start: string; end: string; exdates?: string[] }) =>
    call<ParkingWindow>('createParkingWindow', { params: { id }, body }),
  createParkingBlackout: (id: Id, body: { starts_at: number; ends_at: number; reason?: string }) =>
    call<unknown>('createParkingBlackout', { params: { id }, body }),
  createParkingBooking: (body: { slot_id: number; starts_at: number; ends_at: number; plate?: string; visitor_name?: string }) =>
    call<ParkingBooking>('createParkingBooking', { body }),
  myParkingBookings: () => call<{ items: ParkingBooking[] }>('myParkingBookings'),
  parkingBookingAction: (id: Id, action: 'cancel' | 'check_in' | 'check_out' | 'approve' | 'reject', version?: number) =>
    call<ParkingBooking>('parkingBookingAction', { params: { id }, body: { action, version } }),
  parkingSweep: (community_id: number) => call<{ released: number[] }>('parkingSweep', { body: { community_id } }),
  parkingStats: (query: Query) => call<ParkingStats>('parkingStats', { query }),
  // Community services: work orders and Open311 keys (issue #8)
  workOrderCategories: () => call<{ items: WorkOrderCategory[] }>('workOrderCategories'),
  putWorkOrderCategory: (code: string, body: unknown) => call<unknown>('putWorkOrderCategory', { params: { code }, body }),
  workOrders: (query: Query = {}) => call<{ items: WorkOrder[] }>('workOrders', { query }),
  createWorkOrder: (body: { category: string; description: string; location?: string; lon?: number; lat?: number }) =>
    call<WorkOrder>('createWorkOrder', { body }),
  workOrder: (id: Id) => call<WorkOrder>('workOrder', { params: { id } }),
  workOrderAction: (id: Id, body: { action: string; version: number; note?: string; body?: string; amount_cents?: number; assignee_id?: number }) =>
    call<WorkOrder>('workOrderAction', { params: { id }, body }),
  workOrderReturnVisit: (id: Id, body: { satisfaction: number; note?: string; version: number }) =>
    call<WorkOrder>('workOrderReturnVisit', { params: { id }, body }),
  workOrderAddPhoto: (id: Id, file: File | Blob) =>
    call<WorkOrderPhoto>('workOrderAddPhoto', { params: { id }, raw: file, contentType: file.type }),
  workOrderSchedules: () => call<{ items: WorkOrderSchedule[] }>('workOrderSchedules'),
  createWorkOrderSchedule: (body: { category: string; title: string; location?: string; interval_days: number; first_due_at: number }) =>
    call<WorkOrderSchedule>('createWorkOrderSchedule', { body }),
  updateWorkOrderSchedule: (id: Id, body: { version: number; active?: boolean }) =>
    call<WorkOrderSchedule>('updateWorkOrderSchedule', { params: { id }, body }),
  runWorkOrderSchedules: () => call<{ created: number[] }>('runWorkOrderSchedules', { body: {} }),
  workOrderStats: (query: Query = {}) => call<WorkOrderStats>('workOrderStats', { query }),
  open311Keys: () => call<{ items: Open311Key[] }>('open311Keys'),
  createOpen311Key: (label: string) => call<Open311Key>('createOpen311Key', { body: { label } }),
  revokeOpen311Key: (id: Id) => call<void>('revokeOpen311Key', { params: { id } }),
  parkingRequests: () => call<{ items: ParkingBooking[] }>('parkingRequests'),
  // Community services: smart security (issue #8)
  securitySettings: (query: Query = {}) => call<SecuritySettings>('securitySettings', { query }),
  updateSecuritySettings: (body: { community_id: number; face_images_enabled?: boolean; retention_days?: number; version: number }) =>
    call<SecuritySettings>('updateSecuritySettings', { body }),
  securityDevices: (query: Query = {}) => call<{ items: SecurityDevice[] }>('securityDevices', { query }),
  createSecurityDevice: (body: { community_id: number; code: string; kind: string; name: string; location?: string }) =>
    call<SecurityDevice & { secret: string }>('createSecurityDevice', { body }),
  rotateSecurityDeviceSecret: (id: Id) => call<SecurityDevice & { secret: string }>('rotateSecurityDeviceSecret', { params: { id }, body: {} }),
  updateSecurityDevice: (id: Id, body: { name?: string; location?: string; active?: boolean; version: number }) =>
    call<SecurityDevice>('updateSecurityDevice', { params: { id }, body }),
  securityEvents: (query: Query = {}) => call<Page<SecurityEvent>>('securityEvents', { query }),
  securityDispatch: (id: Id, body: { patrol_account_id?: number; note?: string; version: number }) =>
    call<SecurityEvent>('securityDispatch', { params: { id }, body }),
  securityFeedback: (id: Id, body: { verdict: 'false_alarm' | 'confirmed'; note?: string; version: number }) =>
    call<SecurityEvent>('securityFeedback', { params: { id }, body }),
  securityPurge: (community_id: number) =>
    call<{ events: number; images: number }>('securityPurge', { body: { community_id } }),
}

/** Lists may come as a bare array or as a page; screens want the array. */
export function itemsOf<T>(value: T[] | Page<T> | { households: T[] } | null | undefined): T[] {
  if (!value) return []
  if (Array.isArray(value)) return value
  if ('items' in value && Array.isArray(value.items)) return value.items
  if ('households' in value && Array.isArray(value.households)) return value.households
  return []
}
