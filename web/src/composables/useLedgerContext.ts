// Who the signed-in user can act for in the community ledgers: a resident's own household
// members (/ledger/mine), or, for staff with proxy rights, the registered persons of their grid or
// community (/ledger/persons). Also the community those persons belong to.
import { computed, ref } from 'vue'
import { ledgerApi, type LedgerPerson } from '@/api/ledger'
import { useAuthStore } from '@/stores/auth'

export function useLedgerContext() {
  const auth = useAuthStore()
  const own = ref<LedgerPerson[]>([])
  const proxied = ref<LedgerPerson[]>([])
  const communityId = ref<number | null>(null)
  const isResident = computed(() => auth.can(['ledger.own']))
  const isProxy = computed(() => auth.can(['ledger.proxy']))
  const isManager = computed(() => auth.can(['ledger.manage']))
  const canAward = computed(() => auth.can(['points.award']))
  const persons = computed(() => [...own.value, ...proxied.value])

  async function load() {
    if (isResident.value) own.value = (await ledgerApi.mine()).persons
    if (isProxy.value) {
      try {
        proxied.value = (await ledgerApi.persons({})).items
      } catch {
        proxied.value = []
      }
    }
    communityId.value = persons.value[0]?.community_id ?? null
  }
  return { own, proxied, persons, communityId, isResident, isProxy, isManager, canAward, load }
}
