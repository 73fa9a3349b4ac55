// ISO 8601 UTC text for a time in ms since the epoch, as Date.prototype.toISOString writes it.
// toISOString's first call in a process costs a noticeable part of a hot path's time (`token`
// writes an audit line on every call), the UTC getters almost nothing, so times are written from
// the getters (figures: docs/architecture.md, "Start-up").
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function isoTime(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  // NaN (toISOString's RangeError) and the six-digit years outside 0000–9999: its own forms.
  if (!(year >= 0 && year <= 9999)) return d.toISOString();
  const millis = d.getUTCMilliseconds();
  return `${String(year).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}
