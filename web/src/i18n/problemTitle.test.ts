import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBLEM_KINDS, problemType } from '../../../contracts/problem';
import { LANGUAGES } from './languages';
import { problemKind } from './problemTitle';

describe('problem titles', () => {
  it('reads the kind from the problem type', () => {
    expect(problemKind(problemType('unprocessable-action'))).toBe('unprocessable-action');
    expect(problemKind('https://handover.example/problems/conflict')).toBe('conflict');
    expect(problemKind(undefined)).toBeUndefined();
    expect(problemKind('about:blank')).toBeUndefined();
  });
  it('has a title for every problem kind of the API in all seven languages', () => {
    for (const { code } of LANGUAGES) {
      const common = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'locales', code, 'common.json'), 'utf8')) as { problemType: Record<string, string> };
      const missing = Object.keys(PROBLEM_KINDS).filter((kind) => !common.problemType[kind]);
      expect({ code, missing }).toEqual({ code, missing: [] });
    }
  });
});
