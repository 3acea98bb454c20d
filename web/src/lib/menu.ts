// The side menu is data: each entry names its route and the permission(s) it needs. A page added
// by a later issue declares one entry here (plus its route and i18n keys).

export interface MenuEntry {
  /** Route name (also the e2e test id `menu-<name>`). */
  name: string
  /** i18n key of the label. */
  titleKey: string
  /** Element Plus icon component name. */
  icon: string
  /** Any one of these permissions shows the entry; empty = every signed-in user. */
  anyOf: string[]
}

export const MENU: MenuEntry[] = [
  { name: 'home', titleKey: 'menu.home', icon: 'HomeFilled', anyOf: [] },
  { name: 'projects', titleKey: 'menu.projects', icon: 'Document', anyOf: ['projects.read'] },
  // Programme (issue #5): board by stage, project map, action plans
  { name: 'programme', titleKey: 'programme.menu', icon: 'Operation', anyOf: ['projects.read'] },
  {
    name: 'org-units',
    titleKey: 'menu.orgUnits',
    icon: 'OfficeBuilding',
    anyOf: ['org_units.read', 'org_units.manage'],
  },
  // Community services: shared parking (issue #8)
  { name: 'parking', titleKey: 'parking.menu', icon: 'Van', anyOf: ['parking.use', 'parking.publish', 'parking.manage'] },
  // Community services: work orders (issue #8)
  { name: 'work-orders', titleKey: 'workOrders.menu', icon: 'Tools', anyOf: ['work_orders.report', 'work_orders.handle', 'work_orders.admin'] },
  // Community services: collective choice (polls, issue #8)
  { name: 'polls', titleKey: 'polls.menu', icon: 'Finished', anyOf: ['polls.take_part', 'polls.manage'] },
  // Community services: smart security (issue #8)
  { name: 'security', titleKey: 'security.menu', icon: 'VideoCamera', anyOf: ['security.manage', 'security.handle'] },
  { name: 'accounts', titleKey: 'menu.accounts', icon: 'User', anyOf: ['accounts.manage'] },
  { name: 'audit', titleKey: 'menu.audit', icon: 'Tickets', anyOf: ['audit.read'] },
  // Community ledgers (issue #7)
  { name: 'timebank', titleKey: 'ledger.menuTimebank', icon: 'Clock', anyOf: ['ledger.own', 'ledger.proxy'] },
  { name: 'points', titleKey: 'ledger.menuPoints', icon: 'Present', anyOf: ['ledger.own', 'ledger.proxy', 'ledger.manage', 'points.award'] },
  { name: 'ledger-admin', titleKey: 'ledger.menuAdmin', icon: 'Setting', anyOf: ['ledger.manage'] },
  { name: 'foundation', titleKey: 'ledger.menuFoundation', icon: 'Money', anyOf: ['foundation.manage', 'foundation.approve'] },
  // Programme operations (monitoring and money, issue 5)
  { name: 'ops-monitoring', titleKey: 'menu.opsMonitoring', icon: 'TrendCharts', anyOf: ['programme_ops.read'] },
  { name: 'ops-targets', titleKey: 'menu.opsTargets', icon: 'Flag', anyOf: ['programme_ops.read'] },
  { name: 'ops-green-channel', titleKey: 'menu.opsGreenChannel', icon: 'Stamp', anyOf: ['programme_ops.read'] },
  { name: 'ops-leadership', titleKey: 'menu.opsLeadership', icon: 'Collection', anyOf: ['programme_ops.read'] },
  // Evaluation (#6)
  { name: 'evaluations', titleKey: 'menu.evaluations', icon: 'DataAnalysis', anyOf: ['evaluations.read'] },
  { name: 'rulesets', titleKey: 'menu.rulesets', icon: 'List', anyOf: ['rulesets.read'] },
  { name: 'survey-admin', titleKey: 'menu.surveyAdmin', icon: 'ChatDotSquare', anyOf: ['surveys.manage'] },
  { name: 'surveys', titleKey: 'menu.surveys', icon: 'EditPen', anyOf: ['surveys.answer'] },
]

// planning (issue #4): the project planning page is reached from the project list (no menu entry);
// reading needs projects.read, uploading / starting / cancelling analyses needs one of these.
export const PLANNING_READ = ['projects.read']
export const PLANNING_WRITE = ['planning.run']

export function allowed(anyOf: readonly string[] | undefined, permissions: readonly string[]): boolean {
  if (!anyOf || anyOf.length === 0) return true
  return anyOf.some((p) => permissions.includes(p))
}

export function menuFor(permissions: readonly string[], menu: readonly MenuEntry[] = MENU): MenuEntry[] {
  return menu.filter((m) => allowed(m.anyOf, permissions))
}

/** Which home the account sees: officials get the programme dashboard, residents their household. */
export type HomeKind = 'official' | 'resident' | 'staff'

export function homeKind(permissions: readonly string[]): HomeKind {
  if (permissions.includes('projects.read')) return 'official'
  if (permissions.includes('households.own')) return 'resident'
  return 'staff'
}
