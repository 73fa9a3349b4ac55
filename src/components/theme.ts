import type { NodeState } from '../auth/status.js';

/** Colour for a state; undefined under NO_COLOR (symbols carry the meaning). */
export function stateColor(state: NodeState, color: boolean): string | undefined {
  if (!color) return undefined;
  switch (state) {
    case 'active':
      return 'green';
    case 'expiring':
      return 'yellow';
    case 'expired':
    case 'error':
      return 'red';
    case 'refreshing':
      return 'cyan';
    default:
      return 'gray';
  }
}

/** Cuts text to a width with an ellipsis, and pads it so columns line up. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length > width) return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
  return text + ' '.repeat(width - chars.length);
}
