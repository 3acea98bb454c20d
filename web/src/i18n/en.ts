// English. Keys mirror zh-CN.ts exactly (a unit test checks).
export default {
  app: { name: 'Weilai', fullName: 'Lishui Future Community Platform', skip: 'Skip to main content', openMenu: 'Open menu' },
  common: {
    search: 'Search', reset: 'Reset', cancel: 'Cancel', confirm: 'OK', save: 'Save', create: 'New',
    edit: 'Edit', delete: 'Delete', close: 'Close', loading: 'Loading…', loadMore: 'Load more',
    noMore: 'No more', prev: 'Previous', next: 'Next', empty: 'No data', actions: 'Actions',
    all: 'All', yes: 'Yes', no: 'No', details: 'Details', refresh: 'Refresh', back: 'Back to home',
    saved: 'Saved', total: 'Total', page: 'Page {n}', required: '{field} is required',
  },
  menu: {
    home: 'Home', projects: 'Pilot projects', orgUnits: 'Organisation', accounts: 'Accounts & grants', audit: 'Audit log',
  },
  login: {
    title: 'Sign in', subtitle: 'Lishui Future Community pilot management and services', login: 'User name',
    password: 'Password', submit: 'Sign in', submitting: 'Signing in…', loginRequired: 'Enter your user name',
    passwordRequired: 'Enter your password', expired: 'Your session has expired, please sign in again',
  },
  user: {
    menu: 'User menu', changePassword: 'Change password', logout: 'Sign out', language: 'Language',
    loggedOut: 'Signed out', roles: 'Roles',
  },
  password: {
    title: 'Change password', current: 'Current password', new: 'New password', confirm: 'Confirm new password',
    tooShort: 'At least {n} characters', mismatch: 'The passwords do not match', changed: 'Password changed',
    currentWrong: 'The current password is wrong',
  },
  errors: {
    unauthenticated: 'Wrong user name or password',
    too_many_requests: 'Too many attempts, try again in {n} seconds',
    too_many_requests_nowait: 'Too many attempts, try again later',
    permission_denied: 'You are not allowed to do this',
    not_found: 'Not found',
    conflict: 'Someone else changed this record; reload and try again',
    already_exists: 'Already exists',
    validation_failed: 'Please correct the highlighted fields',
    invalid_argument: 'Invalid input',
    malformed_json: 'Malformed request',
    method_not_allowed: 'Operation not supported',
    failed_precondition: 'Not possible in the current state',
    payload_too_large: 'Too much data',
    unsupported_media_type: 'Unsupported content type',
    unavailable: 'Service unavailable, try again later',
    network_error: 'Network error, check your connection',
    internal: 'Server error, try again later',
    fieldInvalid: 'Invalid value',
  },
  fields: {
    login: 'User name', password: 'Password', display_name: 'Name', phone: 'Phone', new_password: 'New password',
    current_password: 'Current password', role: 'Role', org_unit_id: 'Organisation unit', code: 'Code',
    name_zh: 'Chinese name', name_en: 'English name', kind: 'Kind', parent_id: 'Parent unit',
  },
  page: {
    forbidden: { title: '403', text: 'Sorry, you are not allowed to open this page.' },
    notFound: { title: '404', text: 'Sorry, this page does not exist.' },
  },
  home: {
    welcome: 'Hello, {name}',
    official: {
      total: 'Projects', counties: 'Counties involved', named: 'Named', construction: 'Under construction',
      byCounty: 'Projects by county', byStage: 'Projects by stage', map: 'Projects across Lishui counties',
      legend: 'Projects', noStats: 'No statistics yet',
    },
    resident: {
      title: 'My household', household: 'Household', dwelling: 'Address', members: 'Members', head: 'Head',
      none: 'Your account is not linked to a household yet; please contact your grid worker.', count: '{n} people',
    },
    staff: { title: 'My scope', grants: 'My grants', none: 'No grants' },
  },
  map: {
    label: 'Map of Lishui counties', attributionCounties: 'Boundaries: DataV.GeoAtlas reference data (generalised, not an approved base map)',
    osm: '© OpenStreetMap contributors', loadFailed: 'The map failed to load',
  },
  orgUnits: {
    title: 'Organisation', tree: 'Unit tree', filter: 'Filter units', details: 'Unit details', path: 'Ancestors',
    addChild: 'Add child unit', created: 'Child unit added', select: 'Select a unit on the left', id: 'ID',
  },
  kinds: {
    province: 'Province', city: 'City', county: 'County', district: 'Development zone', zone: 'Development zone',
    street: 'Subdistrict', township: 'Township', community: 'Community', grid: 'Grid', building: 'Building', other: 'Other',
  },
  accounts: {
    title: 'Accounts & grants', search: 'Search by user name or name', create: 'New account', edit: 'Edit account',
    disabled: 'Disabled', enabled: 'Active', status: 'Status', disable: 'Disable', enable: 'Enable',
    resetPassword: 'Reset password', resetDone: 'Password reset; all sessions of the account were revoked',
    grants: 'Grants', addGrant: 'Add grant', removeGrant: 'Remove', grantAdded: 'Grant added',
    grantRemoved: 'Grant removed', confirmRemoveGrant: 'Remove this grant?', created: 'Account created',
    createdAt: 'Created', version: 'Version', loginPattern: 'User name: 3–32 letters, digits, _ . or -',
    orgUnit: 'Organisation unit', selectRole: 'Select a role', selectOrgUnit: 'Select a unit', stale: 'Someone else changed this account; the latest data was loaded',
  },
  roles: {
    resident: 'Resident', grid_worker: 'Grid worker', butler: 'Property butler', community_admin: 'Community admin',
    county_official: 'County government', drc_reviewer: 'Municipal DRC', city_leader: 'City government',
    provincial_reviewer: 'Provincial DRC', system_admin: 'System administrator',
  },
  audit: {
    title: 'Audit log', actor: 'Actor ID', action: 'Action', targetType: 'Target type', targetId: 'Target ID',
    time: 'Time', range: 'Time range', start: 'From', end: 'To', seq: 'Seq', verify: 'Verify hash chain',
    verifying: 'Verifying…', verifyOk: 'Chain intact: {n} entries checked', verifyBroken: 'Chain broken at entry {seq} ({n} checked)',
    detail: 'Details',
  },
  projects: {
    title: 'Pilot projects', county: 'County', stage: 'Stage', name: 'Project', type: 'Type',
    updated: 'Updated', sample: 'Sample', allCounties: 'All counties', allStages: 'All stages',
  },
  memberRoles: { head: 'Head', member: 'Member', tenant: 'Tenant', proxy: 'Proxy' },
  projectTypes: { renewal: 'Renewal', new_build: 'New build' },
  stages: {
    reserve: 'Reserve', submitted: 'Submitted', municipal_review: 'Municipal review', municipal_list: 'Municipal list',
    provincial_review: 'Provincial review', provincial_list: 'Provincial pilot', plan_filed: 'Plan filed',
    construction: 'Construction', acceptance: 'Acceptance', named: 'Named', operating: 'Operating', revoked: 'Revoked',
  },
  lang: { 'zh-CN': '简体中文', en: 'English', switch: 'Switch language' },
}
