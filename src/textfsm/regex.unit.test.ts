import { describe, expect, it } from 'vitest';
import { PythonRegex } from './template.ts';

/** Python's re.match(pattern, text) as the engine runs it: groups by name, or null. */
function match(pattern: string, text: string): Record<string, string | undefined> | null {
  const re = new PythonRegex(pattern);
  const m = re.match(text, /[^\t\x20-\x7e]/.test(text));
  return m ? { $0: m[0], ...m.groups } : null;
}

describe('Python regular expressions in JavaScript', () => {
  it('reads named groups and named backreferences', () => {
    expect(match(String.raw`(?P<a>\w+)-(?P=a)`, 'ab-ab')).toEqual({ $0: 'ab-ab', a: 'ab' });
    expect(match(String.raw`(?P<a>\w+)-(?P=a)$`, 'ab-ac')).toBeNull();
  });

  it('anchors at the start of the line only, as re.match does', () => {
    expect(match('b', 'ab')).toBeNull();
    expect(match('a|b', 'bx')?.$0).toBe('b');
  });

  it('applies global inline flags to the whole pattern, and scoped ones to their group', () => {
    expect(match('(?i)interface', 'INTERFACE')?.$0).toBe('INTERFACE');
    expect(match('^up(?i)', 'UP')?.$0).toBe('UP');
    expect(match('(?i:up) down', 'UP down')).not.toBeNull();
    expect(match('(?i:up) down', 'UP DOWN')).toBeNull();
    expect(match('(?s)a.b', 'a\nb')).not.toBeNull();
  });

  it('drops comments and honours verbose mode', () => {
    expect(match('a(?#a comment)b', 'ab')?.$0).toBe('ab');
    expect(match('(?x) a b  # letters\n c [ ]', 'abc ')?.$0).toBe('abc ');
  });

  it('translates \\A, \\Z, {,n} and a ] first in a class', () => {
    expect(match(String.raw`\Aab\Z`, 'ab')).not.toBeNull();
    expect(match(String.raw`ab\Z`, 'abc')).toBeNull();
    expect(match('a{,2}b', 'aab')?.$0).toBe('aab');
    expect(match('a{,2}b', 'a{,2}b')).toBeNull();
    expect(match('[]x]+', ']x]')?.$0).toBe(']x]');
    expect(match('[^]]+', 'ab]')?.$0).toBe('ab');
    expect(match('a{x', 'a{x')?.$0).toBe('a{x');
  });

  it('reads octal, \\a, \\x, \\u and \\U escapes', () => {
    expect(match(String.raw`\101\x42\u0043\U00000044`, 'ABCD')).not.toBeNull();
    expect(match(String.raw`\0`, '\0')).not.toBeNull();
    expect(match(String.raw`[\101-\103]+`, 'ABC')?.$0).toBe('ABC');
  });

  it('keeps numbered backreferences pointing at their group when atomic groups add groups', () => {
    expect(match(String.raw`(?>a+)(b)\1`, 'aabb')?.$0).toBe('aabb');
    // Atomic: a+ takes every a and gives none back, so "a" cannot follow.
    expect(match('(?>a+)a', 'aaa')).toBeNull();
    expect(match(String.raw`(x)a*+\1`, 'xaax')?.$0).toBe('xaax');
    expect(match('a*+a', 'aaa')).toBeNull();
    expect(match(String.raw`(?:(c)d)++\1`, 'cdcdc')?.$0).toBe('cdcdc');
  });

  it('repeats an assertion as Python does', () => {
    expect(match(String.raw`\w+(?<=[^()\s])+ x`, 'ab x')?.$0).toBe('ab x');
  });

  it('treats \\w, \\d, \\s and \\b as Unicode, as Python does on text', () => {
    expect(match(String.raw`(?P<d>\w+)`, 'Büro-2')?.d).toBe('Büro');
    expect(match(String.raw`\d+`, '٣٤x')?.$0).toBe('٣٤');
    expect(match(String.raw`a\sb`, 'a\u3000b')).not.toBeNull();
    expect(match(String.raw`a\sb`, 'a\ufeffb')).toBeNull();
    expect(match(String.raw`\w+\b`, 'straße ')?.$0).toBe('straße');
    expect(match(String.raw`[\W]+`, 'é')).toBeNull();
    expect(match(String.raw`[^\W\d]+`, 'éa1')?.$0).toBe('éa');
    expect(match(String.raw`[a\S]+`, 'ü a')?.$0).toBe('ü');
    // Printable ASCII takes the fast path: the same answers.
    expect(match(String.raw`(?P<d>\w+)`, 'Buro-2')?.d).toBe('Buro');
  });

  it('keeps characters JavaScript would read as syntax', () => {
    expect(match(String.raw`a\-b/c\}`, 'a-b/c}')).not.toBeNull();
    expect(match('[a-]+', 'a-a')?.$0).toBe('a-a');
    expect(match(String.raw`[\w-]+`, 'Gi0-1')?.$0).toBe('Gi0-1');
    expect(match('x}', 'x}')).not.toBeNull();
  });

  it('refuses what Python refuses or JavaScript cannot express, with the position', () => {
    expect(() => new PythonRegex(String.raw`a\q`)).toThrow(/bad escape \\q at position 1/);
    expect(() => new PythonRegex('(?(1)a|b)')).toThrow(/conditional groups/);
    expect(() => new PythonRegex('(ab')).toThrow(/missing \)/);
    expect(() => new PythonRegex('ab)')).toThrow(/unbalanced parenthesis/);
    expect(() => new PythonRegex('*a')).toThrow(/nothing to repeat/);
    expect(() => new PythonRegex(String.raw`\N{DIGIT ONE}`)).toThrow(/cannot be expressed/);
    expect(() => new PythonRegex('[a')).toThrow(/unterminated character set/);
  });
});
