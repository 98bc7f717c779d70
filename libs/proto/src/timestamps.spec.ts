import { dateFromTimestamp, timestampFromDate } from './timestamps';

describe('timestamps', () => {
  it('converts a Date to seconds (as a string) and nanos, and back', () => {
    const date = new Date('2025-03-01T08:30:15.123Z');
    const timestamp = timestampFromDate(date);
    expect(timestamp).toEqual({ seconds: '1740817815', nanos: 123_000_000 });
    expect(dateFromTimestamp(timestamp)).toEqual(date);
  });

  it('keeps nanos non-negative before 1970', () => {
    const timestamp = timestampFromDate(new Date('1969-12-31T23:59:59.500Z'));
    expect(timestamp).toEqual({ seconds: '-1', nanos: 500_000_000 });
    expect(dateFromTimestamp(timestamp)?.toISOString()).toBe('1969-12-31T23:59:59.500Z');
  });

  it('maps an unset timestamp (null) to null', () => {
    expect(dateFromTimestamp(null)).toBeNull();
  });

  it('rejects an invalid Date instead of sending NaN seconds', () => {
    expect(() => timestampFromDate(new Date('not a date'))).toThrow(RangeError);
  });
});
