// Typed calls of the community ledgers (time bank, points, foundation). Postings carry a fresh
// Idempotency-Key per user action, so a retried click or request never posts twice.
import { call } from './http'

type Id = number | string
type Row = Record<string, any>
interface Items<T = Row> { items: T[]; next_cursor: string | null }

export interface LedgerPerson {
  id: number
  name: string
  household_id: number
  community_id: number
  grid_id: number | null
  birth_year: number | null
  has_account?: boolean
  is_me?: boolean
  balances: { HOUR: number; POINT: number; POINT_SPENDABLE: number; HOUR_SPENDABLE?: number; HOUR_EXPIRED?: number }
}

export function newKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

export const ledgerApi = {
  mine: () => call<{ persons: LedgerPerson[]; household_ids: number[] }>('ledgerMine'),
  persons: (query: Record<string, Id>) => call<Items<LedgerPerson>>('ledgerPersons', { query }),
  personStatement: (id: Id) => call<Items & { balances: Row }>('personStatement', { params: { id } }),
  householdStatement: (id: Id) => call<Items & { persons: LedgerPerson[] }>('householdStatement', { params: { id } }),
  settings: (community_id: Id) => call<Row>('tbSettings', { params: { community_id } }),
  saveSettings: (community_id: Id, body: Row) => call<Row>('tbSaveSettings', { params: { community_id }, body }),
  relations: (id: Id) => call<{ relations: Row[]; household: LedgerPerson[] }>('tbRelations', { params: { id } }),
  addRelation: (body: Row) => call<Row>('tbAddRelation', { body }),
  services: (query: Record<string, Id | undefined>) => call<Items>('tbServices', { query }),
  createService: (body: Row) => call<Row>('tbCreateService', { body }),
  take: (id: Id, person_id: Id) => call<Row>('tbTake', { params: { id }, body: { person_id } }),
  checkIn: (id: Id, body: Row = {}) => call<Row>('tbCheckIn', { params: { id }, body }),
  checkOut: (id: Id, body: Row = {}) => call<Row>('tbCheckOut', { params: { id }, body }),
  cancel: (id: Id) => call<Row>('tbCancel', { params: { id }, body: {} }),
  confirm: (id: Id) => call<Row>('tbConfirm', { params: { id }, body: {}, idempotencyKey: newKey() }),
  transfer: (body: Row) => call<Row>('tbTransfer', { body, idempotencyKey: newKey() }),
  stats: (community_id: Id) => call<Row>('tbStats', { params: { community_id } }),
  rules: (community_id: Id) => call<Items>('ptRules', { query: { community_id } }),
  addRule: (body: Row) => call<Row>('ptAddRule', { body }),
  award: (body: Row) => call<Row>('ptAward', { body, idempotencyKey: newKey() }),
  catalogue: (community_id: Id) => call<Items>('ptCatalogue', { query: { community_id } }),
  addItem: (body: Row) => call<Row>('ptAddItem', { body }),
  updateItem: (id: Id, body: Row) => call<Row>('ptUpdateItem', { params: { id }, body }),
  redeem: (item_id: Id, person_id: Id) => call<Row>('ptRedeem', { body: { item_id, person_id }, idempotencyKey: newKey() }),
  rankings: (community_id: Id) => call<Items>('ptRankings', { query: { community_id } }),
  funds: (community_id: Id) => call<Items>('fdFunds', { query: { community_id } }),
  donate: (id: Id, body: Row) => call<Row>('fdDonate', { params: { id }, body, idempotencyKey: newKey() }),
  proposals: (id: Id) => call<Items>('fdProposals', { params: { id } }),
  propose: (id: Id, body: Row) => call<Row>('fdPropose', { params: { id }, body }),
  decide: (id: Id, decision: 'approve' | 'reject') => call<Row>('fdDecide', { params: { id }, body: { decision } }),
  pay: (id: Id, body: Row) => call<Row>('fdPay', { params: { id }, body, idempotencyKey: newKey() }),
  publicFunds: () => call<Items>('fdPublicFunds', { quiet401: true }),
  publicFund: (id: Id) => call<Row>('fdPublicFund', { params: { id }, quiet401: true }),
}

/** 90 → "1.5" (hours from minutes). */
export function hoursText(minutes: number): string {
  const h = minutes / 60
  return Number.isInteger(h) ? String(h) : h.toFixed(1)
}

/** 123456 → "1,234.56" (yuan from fen). */
export function yuanText(fen: number): string {
  return (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}
