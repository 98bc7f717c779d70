import { FaultTable, faultKnobsSchema, faultTableSchema } from './faults';

describe(FaultTable.name, () => {
  const knobs = (input: object) => faultKnobsSchema.parse(input);

  it('lets a hospital without knobs answer at once', () => {
    expect(new FaultTable().decide('A', 'HoldSlot')).toEqual({ delayMs: 0, outcome: 'answer' });
  });

  it('applies a hospital its own knobs before the * knobs', () => {
    const table = new FaultTable(
      { '*': knobs({ latencyMs: 10 }), A: knobs({ errorRate: 1 }) },
      () => 0.5,
    );
    expect(table.decide('A', 'HoldSlot')).toEqual({ delayMs: 0, outcome: 'unavailable' });
    expect(table.decide('B', 'HoldSlot')).toEqual({ delayMs: 10, outcome: 'answer' });
  });

  it('rolls timeouts, then errors, from one draw', () => {
    const draws = [0, 0.1, 0, 0.35, 0, 0.9];
    const table = new FaultTable(
      { A: knobs({ timeoutRate: 0.2, errorRate: 0.2, jitterMs: 100 }) },
      () => draws.shift() ?? 0,
    );
    expect(table.decide('A', 'GetSchedule').outcome).toBe('no-answer');
    expect(table.decide('A', 'GetSchedule').outcome).toBe('unavailable');
    expect(table.decide('A', 'GetSchedule').outcome).toBe('answer');
  });

  it('limits knobs to the methods named', () => {
    const table = new FaultTable({
      A: knobs({ errorRate: 1, refuseConfirm: true, methods: ['HoldSlot'] }),
    });
    expect(table.decide('A', 'GetSchedule').outcome).toBe('answer');
    expect(table.decide('A', 'HoldSlot').outcome).toBe('unavailable');
    expect(table.refusesConfirm('A')).toBe(false);
  });

  it('rejects unknown knobs and out-of-range values', () => {
    expect(faultKnobsSchema.safeParse({ latencyMS: 10 }).success).toBe(false);
    expect(faultKnobsSchema.safeParse({ errorRate: 2 }).success).toBe(false);
    expect(faultTableSchema.safeParse({ 'bad code!': {} }).success).toBe(false);
  });
});
