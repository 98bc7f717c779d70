import { parseArgs } from 'node:util';
import { loadConfig } from '@meridian/platform';

import { LIMIT_NAMES, effectiveLimits } from '../budgets/budget-limits';
import type { BudgetOverrides, BudgetSubject, LimitName } from '../budgets/budget-limits';
import { budgetEnv, budgetOptions } from '../budgets/budget.config';
import { BudgetOverridesRepository } from '../budgets/budget-overrides.repository';
import { UsageLedgerRepository } from '../budgets/usage-ledger.repository';
import { UsageError, runCommand, subjectFrom, withDatabase } from './cli-support';

const OPTIONS: Readonly<Record<LimitName, string>> = {
  requestsPerMinute: 'requests-per-minute',
  tokensPerDay: 'tokens-per-day',
  tokensPerMonth: 'tokens-per-month',
  costFenPerDay: 'cost-fen-per-day',
  costFenPerMonth: 'cost-fen-per-month',
};

const USAGE = `Usage:
  budgets set   (--partner <id> | --service <name>) [--requests-per-minute V] [--tokens-per-day V]
                [--tokens-per-month V] [--cost-fen-per-day V] [--cost-fen-per-month V]
                V is a whole number, "unlimited", or "default" (back to the configured default).
  budgets show  (--partner <id> | --service <name>)
  budgets usage (--partner <id> | --service <name>) [--from <ISO date>] [--to <ISO date>]
                Billed usage per model in [from, to); default: the current UTC month.
Reads DATABASE_URL and DATABASE_SCHEMA, and the BUDGET_* defaults. Prints JSON.
Changes reach running routers within BUDGET_OVERRIDES_CACHE_MS.`;

function parseValue(option: string, raw: string): number | null | 'default' {
  if (raw === 'default') return 'default';
  if (raw === 'unlimited') return null;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new UsageError(`--${option} must be a whole number, "unlimited" or "default"`);
  }
  return Number(raw);
}

function parseDate(option: string, raw: string | undefined, fallback: Date): Date {
  if (raw === undefined) return fallback;
  const date = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--${option} must be an ISO date such as 2026-11-01`);
  }
  return date;
}

function describe(subject: BudgetSubject, overrides: BudgetOverrides) {
  const options = budgetOptions(loadConfig('budgets', budgetEnv));
  const defaults = subject.kind === 'partner' ? options.partnerDefaults : options.serviceDefaults;
  return { subject, overrides, limits: effectiveLimits(defaults, overrides) };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      partner: { type: 'string' },
      service: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      help: { type: 'boolean', default: false },
      ...Object.fromEntries(Object.values(OPTIONS).map((o) => [o, { type: 'string' as const }])),
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('Name a command');
  if (rest.length > 0) throw new UsageError(`Unexpected arguments: ${rest.join(' ')}`);
  const subject = subjectFrom(values);
  const raw = values as Record<string, string | boolean | undefined>;
  switch (command) {
    case 'set': {
      const set: BudgetOverrides = {};
      const reset: LimitName[] = [];
      for (const name of LIMIT_NAMES) {
        const value = raw[OPTIONS[name]];
        if (typeof value !== 'string') continue;
        const parsed = parseValue(OPTIONS[name], value);
        if (parsed === 'default') reset.push(name);
        else set[name] = parsed;
      }
      if (Object.keys(set).length === 0 && reset.length === 0) {
        throw new UsageError('Name at least one limit to set');
      }
      const overrides = await withDatabase('budgets', (prisma) =>
        new BudgetOverridesRepository(prisma).update(subject, set, reset),
      );
      process.stdout.write(`${JSON.stringify(describe(subject, overrides))}\n`);
      return;
    }
    case 'show': {
      const overrides = await withDatabase('budgets', (prisma) =>
        new BudgetOverridesRepository(prisma).find(subject),
      );
      process.stdout.write(`${JSON.stringify(describe(subject, overrides))}\n`);
      return;
    }
    case 'usage': {
      const now = new Date();
      const from = parseDate(
        'from',
        values.from,
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
      );
      const to = parseDate(
        'to',
        values.to,
        new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
      );
      if (to <= from) throw new UsageError('--to must be after --from');
      const lines = await withDatabase('budgets', (prisma) =>
        new UsageLedgerRepository(prisma).usage(subject, from, to),
      );
      process.stdout.write(
        `${JSON.stringify({ subject, from: from.toISOString(), to: to.toISOString(), models: lines })}\n`,
      );
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

runCommand('budgets', USAGE, main);
