// Every (method, path) the web app calls. The e2e suite checks this list against the server's
// /api/v1/openapi.json, so a call to a route the document does not list fails the tests.
// `optional` routes are probed and tolerated when missing (the app falls back to defaults).

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

export interface RouteDef {
  method: Method
  path: string
  optional?: boolean
}

export const ROUTES = {
  login: { method: 'POST', path: '/api/v1/auth/login' },
  logout: { method: 'POST', path: '/api/v1/auth/logout' },
  me: { method: 'GET', path: '/api/v1/auth/me' },
  changePassword: { method: 'POST', path: '/api/v1/auth/password' },
  roles: { method: 'GET', path: '/api/v1/roles' },
  orgUnitTree: { method: 'GET', path: '/api/v1/org-units/tree' },
  orgUnit: { method: 'GET', path: '/api/v1/org-units/{id}' },
  createOrgUnit: { method: 'POST', path: '/api/v1/org-units' },
  accounts: { method: 'GET', path: '/api/v1/accounts' },
  createAccount: { method: 'POST', path: '/api/v1/accounts' },
  account: { method: 'GET', path: '/api/v1/accounts/{id}' },
  updateAccount: { method: 'PATCH', path: '/api/v1/accounts/{id}' },
  resetPassword: { method: 'POST', path: '/api/v1/accounts/{id}/password' },
  addGrant: { method: 'POST', path: '/api/v1/accounts/{id}/grants' },
  removeGrant: { method: 'DELETE', path: '/api/v1/accounts/{id}/grants/{grant_id}' },
  myHouseholds: { method: 'GET', path: '/api/v1/households/mine' },
  projects: { method: 'GET', path: '/api/v1/projects' },
  projectStats: { method: 'GET', path: '/api/v1/stats/projects' },
  audit: { method: 'GET', path: '/api/v1/audit' },
  auditVerify: { method: 'GET', path: '/api/v1/audit/verify' },
  config: { method: 'GET', path: '/api/v1/config', optional: true },
  // Programme: project record, lifecycle, attachments, action plans, public portal (issue #5)
  project: { method: 'GET', path: '/api/v1/projects/{id}' },
  createProject: { method: 'POST', path: '/api/v1/projects' },
  updateProject: { method: 'PATCH', path: '/api/v1/projects/{id}' },
  projectRevisions: { method: 'GET', path: '/api/v1/projects/{id}/revisions' },
  projectTransitions: { method: 'GET', path: '/api/v1/projects/{id}/transitions' },
  transition: { method: 'POST', path: '/api/v1/projects/{id}/transitions' },
  projectAttachments: { method: 'GET', path: '/api/v1/projects/{id}/attachments' },
  uploadAttachment: { method: 'POST', path: '/api/v1/projects/{id}/attachments' },
  attachment: { method: 'GET', path: '/api/v1/projects/{id}/attachments/{attachment_id}' },
  actionPlans: { method: 'GET', path: '/api/v1/action-plans' },
  createActionPlan: { method: 'POST', path: '/api/v1/action-plans' },
  rollForwardActionPlan: { method: 'POST', path: '/api/v1/action-plans/{id}/roll-forward' },
  publicProjects: { method: 'GET', path: '/api/v1/public/projects' },
  openDataJson: { method: 'GET', path: '/api/v1/public/open-data.json' },
  openDataCsv: { method: 'GET', path: '/api/v1/public/open-data.csv' },
  dataDictionary: { method: 'GET', path: '/api/v1/public/data-dictionary' },
  // Community services: shared parking (issue #8)
  parkingSlots: { method: 'GET', path: '/api/v1/parking/slots' },
  parkingSlot: { method: 'GET', path: '/api/v1/parking/slots/{id}' },
  createParkingWindow: { method: 'POST', path: '/api/v1/parking/slots/{id}/windows' },
  createParkingBlackout: { method: 'POST', path: '/api/v1/parking/slots/{id}/blackouts' },
  createParkingBooking: { method: 'POST', path: '/api/v1/parking/bookings' },
  myParkingBookings: { method: 'GET', path: '/api/v1/parking/bookings/mine' },
  parkingBookingAction: { method: 'POST', path: '/api/v1/parking/bookings/{id}/actions' },
  parkingSweep: { method: 'POST', path: '/api/v1/parking/sweep' },
  parkingStats: { method: 'GET', path: '/api/v1/parking/stats' },
  // Programme operations (monitoring and money, issue 5)
  opsCatalogue: { method: 'GET', path: '/api/v1/programme-ops/catalogue' },
  opsMilestones: { method: 'GET', path: '/api/v1/projects/{id}/milestones' },
  opsAddMilestone: { method: 'POST', path: '/api/v1/projects/{id}/milestones' },
  opsUpdateMilestone: { method: 'PUT', path: '/api/v1/milestones/{id}' },
  opsMonitoring: { method: 'GET', path: '/api/v1/projects/{id}/monitoring' },
  opsSettings: { method: 'PUT', path: '/api/v1/projects/{id}/ops-settings' },
  opsFileReport: { method: 'POST', path: '/api/v1/projects/{id}/reports' },
  opsReport: { method: 'GET', path: '/api/v1/reports/{id}' },
  opsUpdateReport: { method: 'PUT', path: '/api/v1/reports/{id}' },
  opsSubmitReport: { method: 'POST', path: '/api/v1/reports/{id}/submit' },
  opsReviewReport: { method: 'POST', path: '/api/v1/reports/{id}/review' },
  opsOverview: { method: 'GET', path: '/api/v1/monitoring/overview' },
  opsTrends: { method: 'GET', path: '/api/v1/monitoring/trends' },
  opsTargets: { method: 'GET', path: '/api/v1/targets' },
  opsPutTarget: { method: 'PUT', path: '/api/v1/targets/{county_id}/{year}' },
  opsFunding: { method: 'GET', path: '/api/v1/projects/{id}/funding' },
  opsAddFundingLine: { method: 'POST', path: '/api/v1/projects/{id}/funding-lines' },
  opsDeleteFundingLine: { method: 'DELETE', path: '/api/v1/funding-lines/{id}' },
  opsRewards: { method: 'GET', path: '/api/v1/rewards' },
  opsAddReward: { method: 'POST', path: '/api/v1/rewards' },
  opsIncentives: { method: 'GET', path: '/api/v1/projects/{id}/incentives' },
  opsAddIncentive: { method: 'POST', path: '/api/v1/projects/{id}/incentives' },
  opsPayIncentive: { method: 'POST', path: '/api/v1/incentives/{id}/payments' },
  opsAddTalent: { method: 'POST', path: '/api/v1/projects/{id}/talents' },
  opsApprovals: { method: 'GET', path: '/api/v1/projects/{id}/approvals' },
  opsAddApproval: { method: 'POST', path: '/api/v1/projects/{id}/approvals' },
  opsApprovalBoard: { method: 'GET', path: '/api/v1/approvals/board' },
  opsHolidays: { method: 'GET', path: '/api/v1/holidays' },
  opsPutHoliday: { method: 'PUT', path: '/api/v1/holidays/{day}' },
  opsDeleteHoliday: { method: 'DELETE', path: '/api/v1/holidays/{day}' },
  opsUpdateApproval: { method: 'PUT', path: '/api/v1/approvals/{id}' },
  opsMeetings: { method: 'GET', path: '/api/v1/leadership/meetings' },
  opsAddMeeting: { method: 'POST', path: '/api/v1/leadership/meetings' },
  opsMeeting: { method: 'GET', path: '/api/v1/leadership/meetings/{id}' },
  opsAddAction: { method: 'POST', path: '/api/v1/leadership/meetings/{id}/actions' },
  opsActions: { method: 'GET', path: '/api/v1/leadership/actions' },
  opsUpdateAction: { method: 'PUT', path: '/api/v1/leadership/actions/{id}' },
} as const satisfies Record<string, RouteDef>

export type RouteName = keyof typeof ROUTES

/** Fills `{name}` placeholders; values are URI-encoded. Throws on a missing parameter. */
export function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = params[key]
    if (v === undefined) throw new Error(`missing path parameter ${key} for ${path}`)
    return encodeURIComponent(String(v))
  })
}
