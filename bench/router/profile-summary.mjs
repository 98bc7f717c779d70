// Where a process spends its CPU: sums the self time of a V8 .cpuprofile (node --cpu-prof) by
// package or source area, busiest first, so that the router's added latency can be broken down.
//
//   node bench/router/run.mjs --router-node-args="--cpu-prof --cpu-prof-dir=/tmp/router-prof"
//   node bench/router/profile-summary.mjs /tmp/router-prof/*.cpuprofile [--skip-seconds 20] [--top 25] [--functions 15]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    functions: { type: 'string', default: '15' },
    // Leave out start-up: run.mjs prints when the router was ready.
    'skip-seconds': { type: 'string', default: '0' },
  },
});
if (positionals.length === 0) {
  process.stderr.write('usage: node bench/router/profile-summary.mjs <file.cpuprofile>...\n');
  process.exit(2);
}

function area(url, name) {
  if (url === '') {
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
    return `(native) ${name}`;
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(apps|libs)\/([^/]+)\/(?:dist|src)\/(?:([^/]+)\/)?/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}${ours[3] && !ours[3].includes('.') ? `/${ours[3]}` : ''}`;
  if (url.startsWith('node:'))
    return url
      .replace(/^node:internal\//, 'node:')
      .split('/')
      .slice(0, 2)
      .join('/');
  return url;
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const skipUs = Number(values['skip-seconds']) * 1e6;
  let clock = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    clock += delta;
    if (clock < skipUs) return;
    total += delta;
    self.set(id, (self.get(id) ?? 0) + delta);
  });
  const areas = new Map();
  const functions = new Map();
  for (const [id, us] of self) {
    const node = byId.get(id);
    const { url, functionName, lineNumber } = node.callFrame;
    const key = area(url, functionName);
    areas.set(key, (areas.get(key) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const idle = areas.get('(idle)') ?? 0;
  const busy = total - idle;
  process.stdout.write(
    `${file}\n  wall ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((busy / total) * 100).toFixed(0)}%)\n  self time by area (% of busy):\n`,
  );
  for (const [key, us] of [...areas]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top))) {
    process.stdout.write(
      `    ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${key}\n`,
    );
  }
  process.stdout.write('  busiest functions:\n');
  for (const [key, us] of [...functions]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.functions))) {
    process.stdout.write(`    ${((us / busy) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
  }
}
