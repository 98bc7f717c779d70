import { z } from 'zod';

import { ConfigError, baseEnv, databaseEnv, describeConfig, kafkaEnv, loadConfig } from './config';

const shape = { ...baseEnv, ...databaseEnv, ...kafkaEnv, EXTRA: z.coerce.number().int().min(1) };

const valid = {
  HTTP_PORT: '3000',
  DATABASE_URL: 'postgresql://meridian:s3cret@127.0.0.1:5432/meridian_payments',
  KAFKA_BROKERS: '127.0.0.1:9092, 10.0.0.2:9092',
  EXTRA: '5',
};

describe(loadConfig.name, () => {
  it('parses and types a valid environment, with defaults', () => {
    const config = loadConfig('payments', shape, valid);
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '10.0.0.2:9092']);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.MIGRATE_ON_START).toBe(true);
    expect(config.KAFKA_NAMESPACE).toBe('');
  });

  it('names every missing or wrong variable', () => {
    const attempt = () =>
      loadConfig('payments', shape, {
        ...valid,
        HTTP_PORT: '70000',
        DATABASE_URL: undefined,
        KAFKA_BROKERS: 'localhost',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toContain('payments: invalid configuration');
      expect(message).toContain('HTTP_PORT');
      expect(message).toContain('DATABASE_URL is missing');
      expect(message).toContain('KAFKA_BROKERS');
      expect(message).not.toContain('EXTRA');
    }
  });

  it('rejects a misspelt boolean instead of reading it as false', () => {
    expect(() => loadConfig('payments', shape, { ...valid, MIGRATE_ON_START: 'ture' })).toThrow(
      /MIGRATE_ON_START/,
    );
  });

  it('redacts secrets when describing the configuration', () => {
    const config = loadConfig('payments', shape, valid);
    const described = describeConfig(shape, config);
    expect(described['DATABASE_URL']).toBe('[redacted]');
    expect(described['HTTP_PORT']).toBe(3000);
    expect(JSON.stringify(described)).not.toContain('s3cret');
  });
});
