// Windowing for long lists (the dashboard's rows, the logout choices): only what fits is drawn.

/** The first row to draw so the selection stays visible, moving the window as little as possible. */
export function windowStart(selected: number, count: number, height: number, previous: number): number {
  if (count <= height) return 0;
  let start = previous;
  if (selected < start) start = selected;
  if (selected >= start + height) start = selected - height + 1;
  return Math.min(Math.max(start, 0), count - height);
}
