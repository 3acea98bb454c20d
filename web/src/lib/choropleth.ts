// County choropleth helpers: join the stats API's counts onto the GeoJSON features by Chinese
// name, and a colour ramp. Pure functions (unit-tested).

export interface CountyCount {
  county_id: number | string
  name_zh: string
  name_en: string
  count: number
}

/** "景宁畲族自治县" and "景宁县" and "景宁" all match; suffixes differ between sources. */
export function normaliseCountyName(name: string): string {
  return name.trim().replace(/(畲族自治县|自治县|县|市|区)$/u, '')
}

export function countsByFeatureName(featureNames: string[], stats: CountyCount[]): Map<string, CountyCount | null> {
  const byKey = new Map(stats.map((s) => [normaliseCountyName(s.name_zh), s]))
  return new Map(featureNames.map((n) => [n, byKey.get(normaliseCountyName(n)) ?? null]))
}

export const RAMP = ['#eef4f1', '#d3e9df', '#a9d3c2', '#79b8a1', '#4b9880', '#2a7360'] as const

/** Colour for a count: the first ramp step for 0, the darkest for the maximum. */
export function colorFor(count: number, max: number): string {
  if (count <= 0 || max <= 0) return RAMP[0]
  const steps = RAMP.length - 1
  const i = Math.min(steps, Math.max(1, Math.ceil((count / max) * steps)))
  return RAMP[i]
}
