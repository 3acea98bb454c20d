// The org-unit tree, fetched once and shared by every screen that needs it.
import { ref } from 'vue'
import { api } from '@/api/client'
import type { OrgUnit } from '@/api/types'
import { asForest } from '@/lib/orgTree'

const forest = ref<OrgUnit[]>([])
const loading = ref(false)
let pending: Promise<void> | null = null

export function useOrgTree() {
  function load(force = false): Promise<void> {
    if (pending && !force) return pending
    loading.value = true
    pending = api
      .orgUnitTree()
      .then((v) => {
        forest.value = asForest(v)
      })
      .catch((e: unknown) => {
        pending = null
        throw e
      })
      .finally(() => {
        loading.value = false
      })
    return pending
  }
  return { forest, loading, load }
}
