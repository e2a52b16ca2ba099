import type { CalibrationLength } from './profileTypes';

/** An input length as people read it: `sequence=12`, `height=224 × width=320`. */
export function describeLength(length: Pick<CalibrationLength, 'dims'>): string {
  return Object.entries(length.dims)
    .map(([name, value]) => `${name}=${value}`)
    .join(' × ');
}
