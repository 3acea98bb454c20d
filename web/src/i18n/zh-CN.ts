// 简体中文 — the default language. Keys mirror en.ts exactly (a unit test checks).
export default {
  app: { name: '未来社区', fullName: '丽水未来社区建设管理平台', skip: '跳到主要内容', openMenu: '打开菜单' },
  common: {
    search: '查询', reset: '重置', cancel: '取消', confirm: '确定', save: '保存', create: '新建',
    edit: '编辑', delete: '删除', close: '关闭', loading: '加载中…', loadMore: '加载更多',
    noMore: '没有更多了', prev: '上一页', next: '下一页', empty: '暂无数据', actions: '操作',
    all: '全部', yes: '是', no: '否', details: '详情', refresh: '刷新', back: '返回首页',
    saved: '已保存', total: '合计', page: '第 {n} 页', required: '请填写{field}',
  },
  menu: {
    home: '首页', projects: '试点项目', orgUnits: '组织机构', accounts: '账号与授权', audit: '审计日志',
  },
  login: {
    title: '登录', subtitle: '丽水市未来社区试点建设管理与服务平台', login: '用户名', password: '密码',
    submit: '登录', submitting: '正在登录…', loginRequired: '请输入用户名', passwordRequired: '请输入密码',
    expired: '登录已过期，请重新登录',
  },
  user: {
    menu: '用户菜单', changePassword: '修改密码', logout: '退出登录', language: '语言',
    loggedOut: '已退出登录', roles: '角色',
  },
  password: {
    title: '修改密码', current: '当前密码', new: '新密码', confirm: '确认新密码',
    tooShort: '密码至少 {n} 位', mismatch: '两次输入的密码不一致', changed: '密码已修改',
    currentWrong: '当前密码不正确',
  },
  errors: {
    unauthenticated: '用户名或密码错误',
    too_many_requests: '尝试次数过多，请在 {n} 秒后重试',
    too_many_requests_nowait: '尝试次数过多，请稍后重试',
    permission_denied: '没有权限执行此操作',
    not_found: '请求的内容不存在',
    conflict: '数据已被他人修改，请刷新后重试',
    already_exists: '已存在',
    validation_failed: '输入有误，请检查标红的字段',
    invalid_argument: '参数不正确',
    malformed_json: '请求格式错误',
    method_not_allowed: '不支持的操作',
    failed_precondition: '当前状态下不能执行此操作',
    payload_too_large: '提交的内容过大',
    unsupported_media_type: '不支持的内容类型',
    unavailable: '服务暂不可用，请稍后再试',
    network_error: '网络连接失败，请检查网络',
    internal: '服务器出错了，请稍后再试',
    fieldInvalid: '此项不正确',
  },
  fields: {
    login: '用户名', password: '密码', display_name: '姓名', phone: '手机号', new_password: '新密码',
    current_password: '当前密码', role: '角色', org_unit_id: '组织机构', code: '代码', name_zh: '中文名称',
    name_en: '英文名称', kind: '类型', parent_id: '上级机构',
  },
  page: {
    forbidden: { title: '403', text: '抱歉，您没有权限访问此页面。' },
    notFound: { title: '404', text: '抱歉，您访问的页面不存在。' },
  },
  home: {
    welcome: '您好，{name}',
    official: {
      total: '项目总数', counties: '涉及县（市、区）', named: '已命名', construction: '建设中',
      byCounty: '各县（市、区）项目数', byStage: '各阶段项目数', map: '丽水市各县（市、区）项目分布',
      legend: '项目数', noStats: '暂无统计数据',
    },
    resident: {
      title: '我的家庭', household: '户', dwelling: '住址', members: '家庭成员', head: '户主',
      none: '您的账号尚未绑定家庭，请联系所在社区网格员。', count: '共 {n} 人',
    },
    staff: { title: '我的工作范围', grants: '我的授权', none: '暂无授权' },
  },
  map: {
    label: '丽水市县域地图', attributionCounties: '行政区划：DataV.GeoAtlas 参考数据（概化边界，非审图号底图）',
    osm: '© OpenStreetMap contributors', loadFailed: '地图加载失败',
  },
  orgUnits: {
    title: '组织机构', tree: '机构树', filter: '筛选机构', details: '机构详情', path: '上级路径',
    addChild: '添加下级机构', created: '已添加下级机构', select: '请在左侧选择一个机构', id: 'ID',
  },
  kinds: {
    province: '省', city: '市', county: '县（市、区）', district: '开发区', zone: '开发区',
    street: '街道', township: '乡镇', community: '社区', grid: '网格', building: '楼栋', other: '其他',
  },
  accounts: {
    title: '账号与授权', search: '按用户名或姓名搜索', create: '新建账号', edit: '编辑账号',
    disabled: '已停用', enabled: '正常', status: '状态', disable: '停用', enable: '启用',
    resetPassword: '重置密码', resetDone: '密码已重置，该账号的登录会话已全部失效',
    grants: '授权', addGrant: '添加授权', removeGrant: '移除', grantAdded: '已添加授权',
    grantRemoved: '已移除授权', confirmRemoveGrant: '确定移除该授权？', created: '账号已创建',
    createdAt: '创建时间', version: '版本', loginPattern: '用户名须为 3–32 位字母、数字、下划线、点或短横线',
    orgUnit: '组织机构', selectRole: '选择角色', selectOrgUnit: '选择组织机构', stale: '该账号已被他人修改，已载入最新数据',
  },
  roles: {
    resident: '居民', grid_worker: '网格员', butler: '物业管家', community_admin: '社区管理员',
    county_official: '县（市、区）政府', drc_reviewer: '市发改委', city_leader: '市政府',
    provincial_reviewer: '省发改委', system_admin: '系统管理员',
  },
  audit: {
    title: '审计日志', actor: '操作人 ID', action: '操作', targetType: '对象类型', targetId: '对象 ID',
    time: '时间', range: '时间范围', start: '开始时间', end: '结束时间', seq: '序号', verify: '校验哈希链',
    verifying: '正在校验…', verifyOk: '哈希链完整：已校验 {n} 条记录', verifyBroken: '哈希链在第 {seq} 条记录处断裂（已校验 {n} 条）',
    detail: '详情',
  },
  projects: {
    title: '试点项目', county: '县（市、区）', stage: '阶段', name: '项目名称', type: '类型',
    updated: '更新时间', sample: '示例', allCounties: '全部县（市、区）', allStages: '全部阶段',
  },
  memberRoles: { head: '户主', member: '成员', tenant: '租户', proxy: '代办人' },
  projectTypes: { renewal: '改造更新类', new_build: '规划新建类' },
  stages: {
    reserve: '储备', submitted: '已申报', municipal_review: '市级审核', municipal_list: '市级创建名单',
    provincial_review: '省级评审', provincial_list: '省级试点', plan_filed: '实施方案备案',
    construction: '建设中', acceptance: '验收中', named: '已命名', operating: '运营中', revoked: '已取消',
  },
  lang: { 'zh-CN': '简体中文', en: 'English', switch: '切换语言' },
}
