import { DomainError } from '../errors/domain-error';
import { decodeCursor, encodeCursor, pageOf } from './cursor';

describe('cursor pagination', () => {
  const filters = { city: 'Hangzhou', department: 'cardiology' };

  it('round-trips the position for the same filters, in any key order', () => {
    const cursor = encodeCursor('0193a0c0-0000-7000-8000-000000000001', filters);
    expect(decodeCursor(cursor, { department: 'cardiology', city: 'Hangzhou' }, 'cursor')).toBe(
      '0193a0c0-0000-7000-8000-000000000001',
    );
  });

  it('treats an absent cursor as the first page', () => {
    expect(decodeCursor(undefined, filters, 'cursor')).toBeUndefined();
    expect(decodeCursor('', filters, 'cursor')).toBeUndefined();
  });

  it('rejects a cursor replayed against other filters', () => {
    const cursor = encodeCursor('x', filters);
    expect(() => decodeCursor(cursor, { city: 'Beijing' }, 'cursor')).toThrow(DomainError);
  });

  it('rejects garbage, naming the field', () => {
    try {
      decodeCursor('not-a-cursor!!', filters, 'page_token');
      throw new Error('expected a DomainError');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const domainError = error as DomainError;
      expect(domainError.kind).toBe('INVALID_ARGUMENT');
      expect(domainError.violations[0]?.field).toBe('page_token');
    }
  });
});

describe(pageOf.name, () => {
  const filters = { city: 'Hangzhou' };
  const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('cuts the extra row and points the cursor after the last item of the page', () => {
    const page = pageOf(rows, 2, filters, (row) => row.id);
    expect(page.items.map((row) => row.id)).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor, filters, 'cursor')).toBe('b');
  });

  it('issues no cursor on the last page', () => {
    expect(pageOf(rows, 3, filters, (row) => row.id)).toEqual({ items: rows });
    expect(pageOf([], 3, filters, (row: { id: string }) => row.id)).toEqual({ items: [] });
  });
});
