// Chart and table side by side where there is room, one under the other on a
// phone; min() keeps a column from ever being wider than the screen.
export const chartWithTable = {
  display: 'grid',
  gap: '1rem',
  gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 20rem), 1fr))',
  alignItems: 'start',
  marginBottom: '1.5rem',
}
