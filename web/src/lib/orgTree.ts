// Helpers over the nested org-unit tree from GET /api/v1/org-units/tree.
import type { OrgUnit } from '@/api/types'

export function asForest(value: OrgUnit | OrgUnit[] | { items: OrgUnit[] } | null | undefined): OrgUnit[] {
  if (!value) return []
  if (Array.isArray(value)) return value
  if ('items' in value && Array.isArray(value.items)) return value.items
  return [value as OrgUnit]
}

export function* walk(forest: OrgUnit[], parent: OrgUnit | null = null): Generator<{ node: OrgUnit; parent: OrgUnit | null }> {
  for (const node of forest) {
    yield { node, parent }
    yield* walk(node.children ?? [], node)
  }
}

/** County-level units: children of a city (counties, the development zone). */
export function counties(forest: OrgUnit[]): OrgUnit[] {
  const out: OrgUnit[] = []
  for (const { node, parent } of walk(forest)) {
    if (node.kind === 'county' || (parent?.kind === 'city' && node.kind !== 'community')) out.push(node)
  }
  return out
}

export function findUnit(forest: OrgUnit[], id: number | string): OrgUnit | null {
  for (const { node } of walk(forest)) if (String(node.id) === String(id)) return node
  return null
}

/** The kind a new child of `parent` usually has. */
export function childKind(parentKind: string): string {
  const next: Record<string, string> = { province: 'city', city: 'county', county: 'community', community: 'grid' }
  return next[parentKind] ?? 'grid'
}
