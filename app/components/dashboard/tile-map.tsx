import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { useFigures } from '#app/components/dashboard/figures.ts'

// Kazakhstan's 20 regions as equal squares placed roughly where they lie: the
// west on the left, the northern regions along the top, the east top-right,
// Ulytau and Karaganda in the middle, the southern regions and the cities of
// Shymkent and Almaty along the bottom. Each tile is shaded by the chosen
// indicator, shows its value, and links to the region's page. 320 units wide,
// so it fits a 360-pixel phone at its natural size. The region table beside it
// gives the same figures, which the description says.

const COLS = 6
const TILE = 50
const GAP = 4
const WIDTH = COLS * TILE + (COLS - 1) * GAP
const ROWS = 5
const HEIGHT = ROWS * TILE + (ROWS - 1) * GAP

/** [column, row] of each region's tile. */
export const TILE_GRID: Record<string, readonly [number, number]> = {
  'KZ-27': [0, 0], // West Kazakhstan
  'KZ-39': [2, 0], // Kostanay
  'KZ-59': [3, 0], // North Kazakhstan
  'KZ-55': [4, 0], // Pavlodar
  'KZ-63': [5, 0], // East Kazakhstan
  'KZ-23': [0, 1], // Atyrau
  'KZ-15': [1, 1], // Aktobe
  'KZ-11': [3, 1], // Akmola
  'KZ-71': [4, 1], // Astana
  'KZ-10': [5, 1], // Abai
  'KZ-47': [0, 2], // Mangystau
  'KZ-43': [1, 2], // Kyzylorda
  'KZ-62': [2, 2], // Ulytau
  'KZ-35': [3, 2], // Karaganda
  'KZ-33': [5, 2], // Jetisu
  'KZ-61': [2, 3], // Turkistan
  'KZ-31': [3, 3], // Jambyl
  'KZ-19': [4, 3], // Almaty Region
  'KZ-79': [2, 4], // Shymkent
  'KZ-75': [4, 4], // Almaty
}

/**
 * Five shades from light to dark: dark ink on the three light ones, white on
 * the two dark ones, each pair at least 5.8:1 (WCAG AA asks 4.5:1).
 */
export const SHADES = [
  { fill: '#f4f6f5', ink: '#1b2430' },
  { fill: '#d3ebe7', ink: '#1b2430' },
  { fill: '#6fbcb0', ink: '#1b2430' },
  { fill: '#1f7068', ink: '#ffffff' },
  { fill: '#084440', ink: '#ffffff' },
] as const

/** The shade of a value: 0 for nothing, then quarters of the largest value. */
export function shadeOf(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0
  return Math.min(4, Math.max(1, Math.ceil((value / max) * 4)))
}

/** The whole numbers each shade stands for, as [from, to]; null for a shade no value can take. */
export function shadeRanges(max: number): ([number, number] | null)[] {
  return SHADES.map((_, k) => {
    if (k === 0) return [0, 0]
    const from = Math.floor(((k - 1) * max) / 4) + 1
    const to = Math.floor((k * max) / 4)
    return from <= to ? [from, to] : null
  })
}

// A conservative width per character (bold Cyrillic is wide) to decide when a label must be squeezed.
const fits = (text: string, size: number) => text.length * size * 0.62 <= TILE - 6

export interface Tile {
  code: string
  name: string
  value: number
  href: string
}

export function TileMap({ id, title, description, tiles }: { id: string; title: string; description: string; tiles: Tile[] }) {
  const t = useT()
  const fig = useFigures()
  const byCode = new Map(tiles.map((tile) => [tile.code, tile]))
  const max = Math.max(0, ...tiles.map((tile) => tile.value))
  const ranges = shadeRanges(max)
  return (
    <div className="tile-map">
      <svg role="group" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {Object.entries(TILE_GRID).map(([code, [col, row]]) => {
          const x = col * (TILE + GAP)
          const y = row * (TILE + GAP)
          const tile = byCode.get(code)
          // A region the reader may not see keeps its place, as an empty outline.
          if (!tile) return <rect key={code} x={x + 1} y={y + 1} width={TILE - 2} height={TILE - 2} rx={4} className="tile-map__outside" aria-hidden="true" />
          const shade = SHADES[shadeOf(tile.value, max)]!
          const label = t(`dashboard.tile.${code}` as MessageKey)
          const value = fig.compact(tile.value)
          const squeeze = (text: string, size: number) => (fits(text, size) ? {} : { textLength: TILE - 6, lengthAdjust: 'spacingAndGlyphs' as const })
          return (
            <a
              key={code}
              href={tile.href}
              aria-label={t('dashboard.map.tile', { region: tile.name, value: fig.number(tile.value) })}
              className="tile-map__tile"
            >
              <rect x={x + 1} y={y + 1} width={TILE - 2} height={TILE - 2} rx={4} fill={shade.fill} />
              <text x={x + TILE / 2} y={y + 21} textAnchor="middle" fontSize={10.5} fill={shade.ink} {...squeeze(label, 10.5)}>
                {label}
              </text>
              <text x={x + TILE / 2} y={y + 38} textAnchor="middle" fontSize={12} fontWeight={700} fill={shade.ink} {...squeeze(value, 12)}>
                {value}
              </text>
            </a>
          )
        })}
      </svg>
      <div className="tile-map__key">
        <p className="tile-map__legend-title">{t('dashboard.map.legend')}</p>
        <ul className="tile-map__legend" role="list">
          {SHADES.map((shade, k) => {
            const range = ranges[k]
            if (!range) return null
            return (
              <li key={k}>
                <span className="tile-map__swatch" style={{ background: shade.fill }} aria-hidden="true" />
                {range[0] === range[1] ? fig.number(range[0]) : `${fig.number(range[0])}–${fig.number(range[1])}`}
              </li>
            )
          })}
        </ul>
      </div>
    </div>
  )
}
