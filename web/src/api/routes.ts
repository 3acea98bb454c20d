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
  // planning (issue #4, docs/PLANNING_API.md)
  planningDatasets: { method: 'GET', path: '/api/v1/projects/{id}/planning/datasets' },
  planningUpload: { method: 'POST', path: '/api/v1/projects/{id}/planning/datasets' },
  planningDeleteDataset: { method: 'DELETE', path: '/api/v1/projects/{id}/planning/datasets/{dataset_id}' },
  planningAnalyses: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses' },
  planningStart: { method: 'POST', path: '/api/v1/projects/{id}/planning/analyses' },
  planningAnalysis: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}' },
  planningCancel: { method: 'POST', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/cancel' },
  planningReport: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/report' },
  planningCoverage: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/coverage' },
  planningGaps: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/gaps' },
  planningSuggestions: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/suggestions' },
  planningNetwork: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/network.geojson' },
  planningFacilities: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/facilities.geojson' },
  planningResidences: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/residences.geojson' },
  planningExport: { method: 'GET', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/export' },
  planningIsochrone: { method: 'POST', path: '/api/v1/projects/{id}/planning/analyses/{analysis_id}/isochrone' },
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
  // Evaluation (#6)
  rulesets: { method: 'GET', path: '/api/v1/rulesets' },
  importRuleset: { method: 'POST', path: '/api/v1/rulesets' },
  ruleset: { method: 'GET', path: '/api/v1/rulesets/{id}' },
  updateRuleset: { method: 'PUT', path: '/api/v1/rulesets/{id}' },
  deleteRuleset: { method: 'DELETE', path: '/api/v1/rulesets/{id}' },
  exportRuleset: { method: 'GET', path: '/api/v1/rulesets/{id}/export' },
  publishRuleset: { method: 'POST', path: '/api/v1/rulesets/{id}/publish' },
  retireRuleset: { method: 'POST', path: '/api/v1/rulesets/{id}/retire' },
  copyRuleset: { method: 'POST', path: '/api/v1/rulesets/{id}/copy' },
  siteInputs: { method: 'GET', path: '/api/v1/projects/{id}/site-inputs' },
  putSiteInputs: { method: 'PUT', path: '/api/v1/projects/{id}/site-inputs' },
  reportedValues: { method: 'GET', path: '/api/v1/projects/{id}/reported-values' },
  addReportedValue: { method: 'POST', path: '/api/v1/projects/{id}/reported-values' },
  reviewReportedValue: { method: 'POST', path: '/api/v1/reported-values/{id}/review' },
  runEvaluation: { method: 'POST', path: '/api/v1/projects/{id}/evaluations' },
  evaluations: { method: 'GET', path: '/api/v1/projects/{id}/evaluations' },
  latestEvaluation: { method: 'GET', path: '/api/v1/projects/{id}/evaluations/latest' },
  evaluation: { method: 'GET', path: '/api/v1/evaluations/{id}' },
  compareEvaluations: { method: 'GET', path: '/api/v1/evaluations/compare' },
  league: { method: 'GET', path: '/api/v1/evaluations/league' },
  projectSurveys: { method: 'GET', path: '/api/v1/projects/{id}/surveys' },
  createSurvey: { method: 'POST', path: '/api/v1/projects/{id}/surveys' },
  evaluationTrend: { method: 'GET', path: '/api/v1/projects/{id}/evaluations/trend' },
  mySurveys: { method: 'GET', path: '/api/v1/surveys/mine' },
  answerSurvey: { method: 'POST', path: '/api/v1/surveys/{id}/responses' },
  surveyResults: { method: 'GET', path: '/api/v1/surveys/{id}/results' },
  closeSurvey: { method: 'POST', path: '/api/v1/surveys/{id}/close' },
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
