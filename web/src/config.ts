// Run-time settings (no build-time env): defaults here, overridden by GET /api/v1/config when the
// server offers it. Nothing needs the internet: with no basemap the maps draw a plain background.
import { api } from '@/api/client'

export interface RuntimeConfig {
  /** Raster tile URL template ({z}/{x}/{y}); null = no basemap. */
  basemapUrl: string | null
  basemapAttribution: string
  /** Whether the basemap is OSM-derived (adds "© OpenStreetMap contributors"). */
  basemapIsOsm: boolean
}

export const DEFAULT_CONFIG: RuntimeConfig = {
  basemapUrl: null,
  basemapAttribution: '',
  basemapIsOsm: true,
}

/** Merges whatever the server sent; unknown or ill-typed fields are ignored. */
export function mergeConfig(base: RuntimeConfig, raw: unknown): RuntimeConfig {
  const out = { ...base }
  if (!raw || typeof raw !== 'object') return out
  const r = raw as Record<string, unknown>
  const map = (r.map && typeof r.map === 'object' ? r.map : r) as Record<string, unknown>
  const url = map.basemap_url ?? map.tile_url
  if (typeof url === 'string' && url.length > 0) out.basemapUrl = url
  if (typeof map.basemap_attribution === 'string') out.basemapAttribution = map.basemap_attribution
  if (typeof map.basemap_is_osm === 'boolean') out.basemapIsOsm = map.basemap_is_osm
  return out
}

let loaded: Promise<RuntimeConfig> | null = null

export function runtimeConfig(): Promise<RuntimeConfig> {
  loaded ??= api.config().then(
    (raw) => mergeConfig(DEFAULT_CONFIG, raw),
    () => ({ ...DEFAULT_CONFIG }),
  )
  return loaded
}
