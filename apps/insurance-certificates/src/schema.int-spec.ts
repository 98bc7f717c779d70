import { join } from 'node:path';
import { driftAfterMigrations } from '@meridian/testing';

describe('insurance-certificates database', () => {
  it('is exactly what schema.prisma describes once the migrations are applied', async () => {
    const { applied, drift } = await driftAfterMigrations(
      join(__dirname, '..'),
      'insurance-certificates',
    );
    expect(applied.length).toBeGreaterThan(0);
    expect(drift).toEqual([]);
  });
});
