import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import { ArrowDown, CircleCheck, Clock, Document, HomeFilled, Menu, Money, OfficeBuilding, Plus, Present, Search, Switch, Tickets, User, UserFilled, Operation, Van, VideoCamera } from '@element-plus/icons-vue'
// Programme operations (issue 5) menu icons
import { Collection, Flag, Stamp, TrendCharts } from '@element-plus/icons-vue'
// Work orders (issue #8) menu icon
import { Tools } from '@element-plus/icons-vue'
// Collective choice (polls, issue #8) menu icon
import { Finished } from '@element-plus/icons-vue'
import App from './App.vue'
import { i18n, currentLocale } from './i18n'
import { createAppRouter } from './router'
import './styles.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(ElementPlus)
// Icons used by name in templates and in the menu (lib/menu.ts); register a new one here.
const icons = { ArrowDown, CircleCheck, Clock, Document, HomeFilled, Menu, Money, OfficeBuilding, Plus, Present, Search, Switch, Tickets, User, UserFilled, Operation, Van, VideoCamera }
for (const [name, comp] of Object.entries(icons)) app.component(name, comp)
for (const [name, comp] of Object.entries({ Collection, Flag, Stamp, TrendCharts })) app.component(name, comp)
app.component('Tools', Tools)
// Collective choice (polls, issue #8) menu icon
app.component('Finished', Finished)
app.use(createAppRouter())
document.documentElement.lang = currentLocale()
app.mount('#app')
