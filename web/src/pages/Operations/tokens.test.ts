import { describe, expect, it } from 'vitest';
import { back, currentToken, FIRST_PAGE, forward, pageNumber } from './tokens';

describe('token trail', () => {
  it('goes forward with the server token and back through those seen', () => {
    const two = forward(FIRST_PAGE, 'a.b');
    const three = forward(two, 'c.d');
    expect(pageNumber(three)).toBe(3);
    expect(currentToken(three)).toBe('c.d');
    expect(currentToken(back(three))).toBe('a.b');
    expect(currentToken(back(back(three)))).toBeUndefined();
  });
  it('stays on the first page when going back from it', () => {
    expect(back(FIRST_PAGE)).toBe(FIRST_PAGE);
    expect(pageNumber(FIRST_PAGE)).toBe(1);
  });
});
