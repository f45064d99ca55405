import { render, screen, within } from '@testing-library/react';
import { AnalysisRuns, conditionThresholds } from './AnalysisRuns';
import * as fx from '../../__fixtures__/views';

describe('AnalysisRuns', () => {
  it('shows runs with the step they belong to, their age, and each metric as a chart with its threshold', () => {
    const d = fx.progressingCanary();
    d.analysisRuns[0].createdAt = new Date(fx.NOW - 120_000).toISOString();
    render(<AnalysisRuns delivery={d} now={fx.NOW} />);
    expect(screen.getByTestId('analysis-phase')).toHaveTextContent('Running');
    expect(screen.getByTestId('analysis-origin')).toHaveTextContent('for step 5: Analysis success-rate · revision 4 · started 2m00s ago');
    const metric = screen.getByRole('group', { name: 'Metric success-rate' });
    expect(metric).toHaveTextContent('success: result[0] >= 0.95');
    const chart = within(metric).getByRole('img', { name: /success-rate measurements: 2 values .* last 0.97; success >= 0.95/ });
    expect(chart.querySelectorAll('[data-testid=chart-threshold]')).toHaveLength(1);
  });

  it('lists every measurement with its value and time, newest first', () => {
    render(<AnalysisRuns delivery={fx.progressingCanary()} now={fx.NOW} />);
    const rows = within(screen.getByRole('table', { name: 'success-rate measurements' })).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('2026-11-24 09:59:30Z (30s ago)[0.97]Successful');
    expect(rows[2]).toHaveTextContent('[0.99]');
  });

  it('shows the age of experiments', () => {
    const d = { ...fx.progressingCanary(), experiments: [{ name: 'exp-1', uid: 'e', phase: 'Running', createdAt: new Date(fx.NOW - 3_600_000).toISOString(), images: [], replicaSets: [], analysisRuns: [] }] };
    render(<AnalysisRuns delivery={d} now={fx.NOW} />);
    expect(screen.getByRole('list', { name: 'Experiments' })).toHaveTextContent('Experiment exp-1: Running · started 1h00m ago');
  });

  it('reads thresholds from conditions', () => {
    expect(conditionThresholds('result[0] >= 0.95 && result[0] < 2', 'success').map(t => t.value)).toEqual([0.95, 2]);
    expect(conditionThresholds(undefined, 'failure')).toEqual([]);
  });

  it('shows a failed run of an aborted rollout', () => {
    render(<AnalysisRuns delivery={fx.aborted()} />);
    expect(screen.getByTestId('analysis-phase')).toHaveTextContent('Failed');
    expect(screen.getByText('Metric "success-rate" assessed Failed')).toBeInTheDocument();
  });

  it('survives malformed runs and says when there are none', () => {
    const { unmount } = render(<AnalysisRuns delivery={fx.malformed()} />);
    expect(screen.getByRole('group', { name: 'AnalysisRun x' })).toBeInTheDocument();
    unmount();
    render(<AnalysisRuns delivery={{ ...fx.healthy(), analysisRuns: [] }} />);
    expect(screen.getByText('No analysis runs.')).toBeInTheDocument();
  });
});
