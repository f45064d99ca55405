import { render, screen } from '@testing-library/react';
import { AnalysisRuns } from './AnalysisRuns';
import * as fx from '../../__fixtures__/views';

describe('AnalysisRuns', () => {
  it('shows runs, metrics, counts and a sparkline of measurements', () => {
    render(<AnalysisRuns delivery={fx.progressingCanary()} />);
    expect(screen.getByTestId('analysis-phase')).toHaveTextContent('Running');
    const metrics = screen.getByRole('table', { name: 'Metrics' });
    expect(metrics).toHaveTextContent('success-rate');
    expect(metrics).toHaveTextContent('success: result[0] >= 0.95');
    expect(metrics).toHaveTextContent('[0.97]');
    expect(screen.getByRole('img', { name: /success-rate measurements: 2 samples, last 0.97/ })).toBeInTheDocument();
  });

  it('shows a failed run of an aborted rollout', () => {
    render(<AnalysisRuns delivery={fx.aborted()} />);
    expect(screen.getByTestId('analysis-phase')).toHaveTextContent('Failed');
    expect(screen.getByText('Metric "success-rate" assessed Failed')).toBeInTheDocument();
  });

  it('survives malformed runs and says when there are none', () => {
    const { unmount } = render(<AnalysisRuns delivery={fx.malformed()} />);
    expect(screen.getByRole('table', { name: 'Metrics' })).toBeInTheDocument();
    unmount();
    render(<AnalysisRuns delivery={{ ...fx.healthy(), analysisRuns: [] }} />);
    expect(screen.getByText('No analysis runs.')).toBeInTheDocument();
  });
});
