import type { ClippedMeanEstimate } from './bootstrap';
import type { EvaluationProgress, EvaluationReport } from './evaluation-runner';

const fixed = (value: number) => value.toFixed(3);

function row(label: string, estimate: ClippedMeanEstimate, width: number): string {
  return `${label.padEnd(width)}  ${fixed(estimate.mean)}  [${fixed(estimate.low)}, ${fixed(estimate.high)}]  ${String(estimate.n).padStart(5)}`;
}

/** The scores as a plain-text table: overall, per theme, per axis; then what failed. */
export function formatReport(
  report: EvaluationReport,
  header: {
    readonly input: string;
    readonly task: string;
    readonly graderTask: string;
    readonly confidence: number;
    readonly resamples: number;
  },
): string {
  const { counts, summary } = report;
  const lines = [
    `HealthBench evaluation of ${header.input}`,
    `route ${header.task}, graded by ${header.graderTask}; ${String(counts.examples)} examples: ${String(counts.scored)} scored, ${String(counts.completionFailed)} without an answer, ${String(counts.gradingFailed)} not fully graded (${String(counts.rubricItemsFailed)} of ${String(counts.rubricItems)} rubric items; ${String(counts.graderRetries)} grader retries)`,
    '',
  ];
  if (summary === undefined) {
    lines.push('No example could be scored.');
  } else {
    const groups = [...summary.themes, ...summary.axes];
    const width = Math.max(24, ...groups.map((g) => g.tag.length));
    const ci = `${String(Math.round(header.confidence * 100))}% CI`;
    lines.push(`${''.padEnd(width)}  score  ${ci.padEnd(14)}  ${'n'.padStart(5)}`);
    lines.push(row('overall', summary.overall, width));
    if (summary.themes.length > 0) lines.push('', 'by theme');
    for (const group of summary.themes) lines.push(row(group.tag, group, width));
    if (summary.axes.length > 0) lines.push('', 'by axis');
    for (const group of summary.axes) lines.push(row(group.tag, group, width));
    lines.push(
      '',
      `Scores are HealthBench's: per example, points of met criteria over positive points; the mean is clipped to [0, 1]; ${ci} from ${String(header.resamples)} bootstrap resamples.`,
    );
  }
  const failures = report.examples.filter((e) => e.outcome !== 'scored');
  if (failures.length > 0) {
    lines.push('', 'Not scored (left out of every score):');
    for (const failure of failures) {
      lines.push(
        `  line ${String(failure.line)} ${failure.id}: ${failure.failure ?? failure.outcome}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One progress line: examples done, grades done, failures, elapsed time and an estimate of what is left. */
export function formatProgress(progress: EvaluationProgress): string {
  const percent = progress.total === 0 ? 100 : Math.floor((progress.done / progress.total) * 100);
  const elapsed = progress.elapsedMs / 1000;
  const remaining =
    progress.done === 0 ? undefined : (elapsed / progress.done) * (progress.total - progress.done);
  return `[${String(progress.done)}/${String(progress.total)} ${String(percent)}%] grades ${String(progress.gradesDone)}/${String(progress.gradesTotal)}, failed ${String(progress.failed)}, ${elapsed.toFixed(1)} s${remaining === undefined ? '' : `, ~${remaining.toFixed(0)} s left`}`;
}
