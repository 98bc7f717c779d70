import { isUuid, uuidv7 } from './uuidv7';

describe(uuidv7.name, () => {
  it('produces RFC 9562 version 7 ids', () => {
    const id = uuidv7();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('sorts by creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 5_000 }, () => uuidv7(1_764_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('encodes the timestamp in the first 48 bits', () => {
    const at = Date.UTC(2026, 10, 25, 12, 0, 0);
    const id = uuidv7(at + 10_000);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(at + 10_000);
  });
});
