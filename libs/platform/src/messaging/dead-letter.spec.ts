import { DeadLetterHeader } from '@meridian/contracts';

import { EventErrorCode, buildDeadLetterHeaders, errorCodeOf, errorMessageOf } from './dead-letter';
import type { DeadLetterInfo } from './dead-letter';

const info: DeadLetterInfo = {
  originalTopic: 'test.meridian.hospital.directory.v1',
  originalPartition: 2,
  originalOffset: '41',
  consumerGroup: 'test.consultation',
  attempts: 5,
  errorCode: 'EVENT.HANDLER_FAILED',
  errorMessage: 'Error: boom',
  failedAt: new Date('2025-03-04T05:06:07.089Z'),
};

describe('buildDeadLetterHeaders', () => {
  it('keeps the original headers and adds where the record came from and why it failed', () => {
    const original = { ce_id: Buffer.from('id-1'), ce_type: Buffer.from('t.v1') };
    expect(buildDeadLetterHeaders(original, info)).toEqual({
      ce_id: Buffer.from('id-1'),
      ce_type: Buffer.from('t.v1'),
      [DeadLetterHeader.originalTopic]: 'test.meridian.hospital.directory.v1',
      [DeadLetterHeader.originalPartition]: '2',
      [DeadLetterHeader.originalOffset]: '41',
      [DeadLetterHeader.consumerGroup]: 'test.consultation',
      [DeadLetterHeader.attempts]: '5',
      [DeadLetterHeader.errorCode]: 'EVENT.HANDLER_FAILED',
      [DeadLetterHeader.errorMessage]: 'Error: boom',
      [DeadLetterHeader.failedAt]: '2025-03-04T05:06:07.089Z',
    });
  });

  it('replaces the dead-letter headers of an earlier failure instead of repeating them', () => {
    const earlier = buildDeadLetterHeaders(
      { ce_id: 'x' },
      { ...info, attempts: 1, errorCode: 'EVENT.UNKNOWN_TYPE' },
    );
    const again = buildDeadLetterHeaders(earlier, info);
    expect(again[DeadLetterHeader.attempts]).toBe('5');
    expect(again[DeadLetterHeader.errorCode]).toBe('EVENT.HANDLER_FAILED');
    expect(Object.keys(again)).toHaveLength(9);
  });

  it('truncates a long error message', () => {
    const headers = buildDeadLetterHeaders(undefined, { ...info, errorMessage: 'x'.repeat(5_000) });
    expect(String(headers[DeadLetterHeader.errorMessage])).toHaveLength(1_000);
  });
});

describe('errorCodeOf', () => {
  it('keeps the stable code of a domain error', () => {
    const error = Object.assign(new Error('slot taken'), { code: 'APPOINTMENT.SLOT_TAKEN' });
    expect(errorCodeOf(error)).toBe('APPOINTMENT.SLOT_TAKEN');
  });

  it('reports anything else as a handler failure', () => {
    expect(errorCodeOf(new Error('boom'))).toBe(EventErrorCode.handlerFailed);
    expect(errorCodeOf(Object.assign(new Error('pg'), { code: '23505' }))).toBe(
      EventErrorCode.handlerFailed,
    );
    expect(errorCodeOf('a string')).toBe(EventErrorCode.handlerFailed);
  });
});

describe('errorMessageOf', () => {
  it('names the error class', () => {
    expect(errorMessageOf(new TypeError('bad'))).toBe('TypeError: bad');
    expect(errorMessageOf(42)).toBe('42');
  });
});
