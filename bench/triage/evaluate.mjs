// Red-flag triage against its labelled evaluation set: emergency recall (overall, per category,
// per language, per split), false alarms, the confusion matrix over the four urgency levels, and
// the time per message.
//
//   npx tsc -b libs/clinical/tsconfig.build.json
//   node bench/triage/evaluate.mjs [--rounds 50] [--set path/to/set.jsonl] [--misses]
//
// Needs no running platform: it loads the compiled library from libs/clinical/dist.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '50' },
    set: { type: 'string', default: 'libs/clinical/src/triage/eval/triage-eval.v1.jsonl' },
    misses: { type: 'boolean', default: false },
  },
});

function load(path) {
  try {
    return require(join(root, path));
  } catch (error) {
    console.error(
      `Cannot load ${path}: build first (npx tsc -b libs/clinical/tsconfig.build.json)`,
    );
    throw error;
  }
}

const { createTriage, triage, TRIAGE_RULESET_V1, TRIAGE_RULESET_VERSION } = load(
  'libs/clinical/dist/triage/index.js',
);
const { parseTriageEvalSet, scoreTriage } = load('libs/clinical/dist/triage/eval/triage-eval.js');

const cases = parseTriageEvalSet(readFileSync(join(root, values.set), 'utf8'));
const report = scoreTriage(cases, triage);

const pct = (x) => (Number.isNaN(x) ? '   n/a' : `${(100 * x).toFixed(1).padStart(5)}%`);
const pad = (s, n) => String(s).padEnd(n);
const num = (s, n) => String(s).padStart(n);

console.log(`ruleset ${TRIAGE_RULESET_VERSION} · ${values.set}`);
console.log(`node ${process.version} · ${os.cpus()[0]?.model ?? 'unknown cpu'} · ${os.platform()}`);
console.log(
  `${report.total} cases: ${report.emergencies} emergencies, ${report.nonEmergencies} non-emergencies\n`,
);

console.log('Overall');
console.log(`  emergency recall          ${pct(report.emergencyRecall)}`);
console.log(
  `  false-alarm rate          ${pct(report.falseAlarmRate)}  (non-emergencies flagged emergency)`,
);
console.log(
  `  urgent-or-higher recall   ${pct(report.urgentOrHigherRecall)}  (under-triage check)`,
);
console.log(`  exact agreement           ${pct(report.exactAgreement)}\n`);

console.log('Emergency recall by category');
console.log(
  `  ${pad('category', 14)} ${num('cases', 5)} ${num('caught', 6)} ${num('recall', 7)} ${num('right category', 15)}`,
);
for (const c of report.byCategory) {
  console.log(
    `  ${pad(c.category, 14)} ${num(c.emergencies, 5)} ${num(c.recalled, 6)} ${pct(c.recall)} ${num(pct(c.categoryAgreement), 15)}`,
  );
}

const slices = (title, rows) => {
  console.log(`\n${title}`);
  console.log(
    `  ${pad('', 14)} ${num('emerg.', 6)} ${num('recall', 7)} ${num('others', 6)} ${num('false alarms', 13)}`,
  );
  for (const s of rows) {
    console.log(
      `  ${pad(s.name, 14)} ${num(s.emergencies, 6)} ${pct(s.recall)} ${num(s.nonEmergencies, 6)} ${num(`${s.falseAlarms} ${pct(s.falseAlarmRate)}`, 13)}`,
    );
  }
};
slices('By language', report.byLanguage);
slices('By split', report.bySplit);
slices('By tag', report.byTag);

const levels = ['emergency', 'urgent', 'routine', 'self-care'];
console.log('\nConfusion matrix (rows: expected, columns: predicted)');
console.log(`  ${pad('', 10)} ${levels.map((l) => num(l, 10)).join(' ')}`);
for (const expected of levels) {
  console.log(
    `  ${pad(expected, 10)} ${levels.map((p) => num(report.confusion[expected][p], 10)).join(' ')}`,
  );
}

if (values.misses || report.missedEmergencies.length + report.falseAlarms.length <= 10) {
  console.log('\nMissed emergencies');
  for (const m of report.missedEmergencies) console.log(`  ${m.id} → ${m.predicted}: ${m.text}`);
  console.log('False alarms');
  for (const m of report.falseAlarms) console.log(`  ${m.id} (${m.expected}): ${m.text}`);
}

// Timing: compile once, then every message many times, each call timed on its own.
const compileStart = process.hrtime.bigint();
createTriage(TRIAGE_RULESET_V1);
const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;

const texts = cases.map((c) => c.text);
for (const text of texts) triage(text); // warm-up
const rounds = Number(values.rounds);
const samples = new Float64Array(rounds * texts.length);
let i = 0;
for (let round = 0; round < rounds; round += 1) {
  for (const text of texts) {
    const start = process.hrtime.bigint();
    triage(text);
    samples[i] = Number(process.hrtime.bigint() - start) / 1e3;
    i += 1;
  }
}
samples.sort();
const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
const chars = texts.reduce((a, t) => a + t.length, 0) / texts.length;
console.log(`\nTime per message (${samples.length} calls, mean length ${chars.toFixed(0)} chars)`);
console.log(
  `  mean ${mean.toFixed(1)} µs · p50 ${at(0.5).toFixed(1)} µs · p99 ${at(0.99).toFixed(1)} µs · max ${at(1).toFixed(1)} µs`,
);
console.log(`  ruleset compile (once per process) ${compileMs.toFixed(1)} ms`);
