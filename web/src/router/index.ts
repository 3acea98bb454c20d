// Routes. A page is one entry under the layout with meta: titleKey (breadcrumb and title) and
// anyOf (permissions, same rule as the menu in lib/menu.ts).
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { setUnauthenticatedHook } from '@/api/http'
import { MENU, PLANNING_READ } from '@/lib/menu'
import { i18n } from '@/i18n'

declare module 'vue-router' {
  interface RouteMeta {
    titleKey?: string
    anyOf?: string[]
    public?: boolean
  }
}

const perms = (name: string): string[] => MENU.find((m) => m.name === name)?.anyOf ?? []

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/LoginView.vue'), meta: { public: true, titleKey: 'login.title' } },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/home/HomeView.vue'), meta: { titleKey: 'menu.home' } },
      { path: 'projects', name: 'projects', component: () => import('@/views/ProjectsView.vue'), meta: { titleKey: 'menu.projects', anyOf: perms('projects') } },
      { path: 'projects/:id/planning', name: 'project-planning', component: () => import('@/views/planning/PlanningView.vue'), meta: { titleKey: 'planning.title', anyOf: PLANNING_READ } },
      // Programme (issue #5)
      { path: 'programme', name: 'programme', component: () => import('@/views/programme/ProgrammeBoardView.vue'), meta: { titleKey: 'programme.menu', anyOf: perms('programme') } },
      { path: 'projects/:id', name: 'project-detail', component: () => import('@/views/programme/ProjectDetailView.vue'), meta: { titleKey: 'programme.detail', anyOf: perms('projects') } },
      // Community services: shared parking (issue #8)
      // Community services: work orders (issue #8)
      { path: 'work-orders', name: 'work-orders', component: () => import('@/views/services/WorkOrdersView.vue'), meta: { titleKey: 'workOrders.menu', anyOf: perms('work-orders') } },
      { path: 'parking', name: 'parking', component: () => import('@/views/services/ParkingView.vue'), meta: { titleKey: 'parking.menu', anyOf: perms('parking') } },
      // Community services: collective choice (polls, issue #8)
      { path: 'polls', name: 'polls', component: () => import('@/views/services/PollsView.vue'), meta: { titleKey: 'polls.menu', anyOf: perms('polls') } },
      // Community services: smart security (issue #8)
      { path: 'security', name: 'security', component: () => import('@/views/services/SecurityView.vue'), meta: { titleKey: 'security.menu', anyOf: perms('security') } },
      { path: 'org-units', name: 'org-units', component: () => import('@/views/OrgUnitsView.vue'), meta: { titleKey: 'menu.orgUnits', anyOf: perms('org-units') } },
      { path: 'accounts', name: 'accounts', component: () => import('@/views/admin/AccountsView.vue'), meta: { titleKey: 'menu.accounts', anyOf: perms('accounts') } },
      { path: 'audit', name: 'audit', component: () => import('@/views/admin/AuditView.vue'), meta: { titleKey: 'menu.audit', anyOf: perms('audit') } },
      { path: 'timebank', name: 'timebank', component: () => import('@/views/community/TimeBankView.vue'), meta: { titleKey: 'ledger.menuTimebank', anyOf: perms('timebank') } },
      { path: 'points', name: 'points', component: () => import('@/views/community/PointsView.vue'), meta: { titleKey: 'ledger.menuPoints', anyOf: perms('points') } },
      { path: 'ledger-admin', name: 'ledger-admin', component: () => import('@/views/community/LedgerAdminView.vue'), meta: { titleKey: 'ledger.menuAdmin', anyOf: perms('ledger-admin') } },
      { path: 'foundation', name: 'foundation', component: () => import('@/views/community/FoundationView.vue'), meta: { titleKey: 'ledger.menuFoundation', anyOf: perms('foundation') } },
      // Programme operations (monitoring and money, issue 5)
      { path: 'ops/monitoring', name: 'ops-monitoring', component: () => import('@/views/ops/MonitoringView.vue'), meta: { titleKey: 'menu.opsMonitoring', anyOf: perms('ops-monitoring') } },
      { path: 'ops/targets', name: 'ops-targets', component: () => import('@/views/ops/TargetsView.vue'), meta: { titleKey: 'menu.opsTargets', anyOf: perms('ops-targets') } },
      { path: 'ops/green-channel', name: 'ops-green-channel', component: () => import('@/views/ops/GreenChannelView.vue'), meta: { titleKey: 'menu.opsGreenChannel', anyOf: perms('ops-green-channel') } },
      { path: 'ops/leadership', name: 'ops-leadership', component: () => import('@/views/ops/LeadershipView.vue'), meta: { titleKey: 'menu.opsLeadership', anyOf: perms('ops-leadership') } },
      { path: 'ops/projects/:id', name: 'ops-project', component: () => import('@/views/ops/ProjectOpsView.vue'), meta: { titleKey: 'ops.projectTitle', anyOf: perms('ops-monitoring') } },
      // Evaluation (#6)
      { path: 'rulesets', name: 'rulesets', component: () => import('@/views/evaluation/RulesetsView.vue'), meta: { titleKey: 'menu.rulesets', anyOf: perms('rulesets') } },
      { path: 'rulesets/:id', name: 'ruleset', component: () => import('@/views/evaluation/RulesetEditorView.vue'), meta: { titleKey: 'menu.rulesets', anyOf: perms('rulesets') } },
      { path: 'evaluations', name: 'evaluations', component: () => import('@/views/evaluation/EvaluationReportView.vue'), meta: { titleKey: 'menu.evaluations', anyOf: perms('evaluations') } },
      { path: 'survey-admin', name: 'survey-admin', component: () => import('@/views/evaluation/SurveyAdminView.vue'), meta: { titleKey: 'menu.surveyAdmin', anyOf: perms('survey-admin') } },
      { path: 'surveys', name: 'surveys', component: () => import('@/views/evaluation/MySurveysView.vue'), meta: { titleKey: 'menu.surveys', anyOf: perms('surveys') } },
      { path: '403', name: 'forbidden', component: () => import('@/views/ForbiddenView.vue'), meta: { titleKey: 'page.forbidden.title' } },
    ],
  },
  { path: '/disclosure/funds/:id?', name: 'disclosure', component: () => import('@/views/community/FundDisclosureView.vue'), meta: { public: true, titleKey: 'ledger.fd.disclosure' } },
  // Programme (issue #5): printable summaries (no app chrome) and the public portal (no login)
  { path: '/print/projects/:id/:kind', name: 'project-print', component: () => import('@/views/programme/ProjectPrintView.vue'), meta: { titleKey: 'programme.print', anyOf: perms('projects') } },
  { path: '/portal', name: 'portal', component: () => import('@/views/programme/PublicPortalView.vue'), meta: { public: true, titleKey: 'portal.title' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/views/NotFoundView.vue'), meta: { public: true, titleKey: 'page.notFound.title' } },
]

/** Only same-app paths are followed after login (no open redirect). */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/login') ? value : '/'
}

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes })

  router.beforeEach(async (to: RouteLocationNormalized) => {
    const auth = useAuthStore()
    try {
      await auth.ensureChecked()
    } catch {
      /* server unreachable: public pages still work; others go to login which shows the error */
    }
    if (to.name === 'login') return auth.signedIn ? safeRedirect(to.query.redirect) : true
    if (to.meta.public) return true
    if (!auth.signedIn) return { name: 'login', query: { redirect: to.fullPath } }
    if (!auth.can(to.meta.anyOf)) return { name: 'forbidden', query: { from: to.fullPath } }
    return true
  })

  router.afterEach((to) => {
    const t = i18n.global.t
    document.title = to.meta.titleKey ? `${t(to.meta.titleKey)} · ${t('app.name')}` : t('app.name')
  })

  // Session expiry: any 401 from a signed-in call sends the user to login, then back here.
  setUnauthenticatedHook(() => {
    const auth = useAuthStore()
    auth.clear()
    const current = router.currentRoute.value
    if (current.name !== 'login') {
      void router.push({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
    }
  })

  return router
}
