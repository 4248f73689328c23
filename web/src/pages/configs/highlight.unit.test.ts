import { isValidElement, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { highlight } from './search-page';

/** The marked parts of a highlighted line, in order. */
function marked(node: unknown): string[] {
  if (!Array.isArray(node)) return [];
  return node
    .filter((p): p is ReactElement<{ children: string }> => isValidElement(p))
    .map((p) => p.props.children);
}
const plain = (node: unknown) =>
  Array.isArray(node)
    ? node
        .map((p) => (isValidElement(p) ? (p as ReactElement<{ children: string }>).props.children : p))
        .join('')
    : String(node);

describe('search match highlighting', () => {
  it('marks every occurrence of plain text, ignoring case unless asked', () => {
    const line = ' ntp server 10.0.0.1 prefer ! NTP';
    expect(marked(highlight(line, 'ntp', false, false))).toEqual(['ntp', 'NTP']);
    expect(marked(highlight(line, 'ntp', false, true))).toEqual(['ntp']);
    expect(plain(highlight(line, 'ntp', false, false))).toBe(line);
  });

  it('treats the query as text, not a pattern, unless it is a regular expression', () => {
    expect(marked(highlight('ip route 0.0.0.0 0.0.0.0 10.1.1.1', '0.0', false, false))).toEqual([
      '0.0',
      '0.0',
      '0.0',
      '0.0',
    ]);
    expect(marked(highlight('a.b axb', 'a.b', false, false))).toEqual(['a.b']);
    expect(marked(highlight('a.b axb', 'a.b', true, false))).toEqual(['a.b', 'axb']);
  });

  it('shows the line unmarked when the pattern does not compile in the browser', () => {
    expect(highlight('interface Gi0/1', '(?<', true, false)).toBe('interface Gi0/1');
  });
});
