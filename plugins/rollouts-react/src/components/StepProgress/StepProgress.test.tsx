import { act, render, screen } from '@testing-library/react';
import { StepProgress } from './StepProgress';
import * as fx from '../../__fixtures__/views';

describe('StepProgress', () => {
  it('lists every step with its state and a progress bar', () => {
    render(<StepProgress delivery={fx.progressingCanary()} now={fx.NOW} />);
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(8);
    expect(items[0]).toHaveAttribute('data-state', 'done');
    expect(items[2]).toHaveAttribute('aria-current', 'step');
    expect(items[2]).toHaveTextContent('3. Set weight to 40%Now');
    expect(items[7]).toHaveTextContent('Pending');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '2');
  });

  it('draws a timeline: the kind of each step and the current one are visible', () => {
    render(<StepProgress delivery={fx.progressingCanary()} now={fx.NOW} />);
    const items = screen.getAllByRole('listitem');
    expect(items.map(i => i.getAttribute('data-kind'))).toEqual([
      'setWeight', 'pause', 'setWeight', 'pause', 'analysis', 'setWeight', 'pause', 'setWeight',
    ]);
    for (const item of items) expect(item.querySelector('.rs-step-node svg')).not.toBeNull();
    expect(items.filter(i => i.getAttribute('aria-current') === 'step')).toHaveLength(1);
    // A timed pause shows its duration on the timeline.
    expect(items[3]).toHaveTextContent('30s');
  });

  it('counts down on the current timed pause step', () => {
    render(<StepProgress delivery={fx.pausedTimed()} now={fx.NOW} />);
    expect(screen.getByTestId('step-countdown')).toHaveTextContent(/^resumes in 25s/);
  });

  it('shows a manual pause', () => {
    render(<StepProgress delivery={fx.pausedManual()} now={fx.NOW} />);
    const note = screen.getByRole('note', { name: 'Pause' });
    expect(note).toHaveTextContent('CanaryPauseStep');
    expect(note).toHaveTextContent('Paused at step 2: waiting for someone to promote');
    // Said once, by the model: no second "waiting for a person" tacked on.
    expect(note.textContent).not.toMatch(/waiting for a person/);
    expect(screen.queryByTestId('pause-countdown')).not.toBeInTheDocument();
  });

  it('counts a timed pause down live from resumesAt', () => {
    jest.useFakeTimers({ now: fx.NOW });
    try {
      render(<StepProgress delivery={fx.pausedTimed()} />);
      expect(screen.getByTestId('pause-countdown')).toHaveTextContent('resumes in 25s');
      act(() => {
        jest.advanceTimersByTime(5000);
      });
      expect(screen.getByTestId('pause-countdown')).toHaveTextContent('resumes in 20s');
      act(() => {
        jest.advanceTimersByTime(60000);
      });
      expect(screen.getByTestId('pause-countdown')).toHaveTextContent('overdue by 40s');
      expect(screen.getByTestId('pause-countdown')).not.toHaveTextContent('resumes in');
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows an inconclusive analysis pause and the analysis result inline', () => {
    render(<StepProgress delivery={fx.pausedInconclusive()} now={fx.NOW} />);
    expect(screen.getByRole('note', { name: 'Pause' })).toHaveTextContent('InconclusiveAnalysis');
    expect(screen.getByTestId('step-analysis-4')).toHaveTextContent('Inconclusive');
    expect(screen.getByTestId('step-analysis-4')).toHaveTextContent('1 inconclusive');
  });

  it('marks the failed step of an aborted rollout', () => {
    render(<StepProgress delivery={fx.aborted()} now={fx.NOW} />);
    const items = screen.getAllByRole('listitem');
    expect(items[4]).toHaveAttribute('data-state', 'failed');
    expect(items[0]).toHaveAttribute('data-state', 'done');
  });

  it('shows blue/green phases waiting for promotion', () => {
    render(<StepProgress delivery={fx.blueGreenWaiting()} now={fx.NOW} />);
    expect(screen.getByRole('note', { name: 'Pause' })).toHaveTextContent('BlueGreenPause');
    const phases = screen.getByRole('list', { name: 'Blue/green phases' });
    expect(phases).toHaveTextContent('Preview ready, waiting for promotion');
    expect(screen.getByText(/auto-promotion off/)).toBeInTheDocument();
  });

  it('shows CanaryDelivery and Flagger analysis state', () => {
    const { unmount } = render(<StepProgress delivery={fx.canaryDelivery()} now={fx.NOW} />);
    expect(screen.getByTestId('canary-analysis')).toHaveTextContent('WaitingPromotion: canary weight 30%');
    unmount();
    render(<StepProgress delivery={fx.flaggerCanary()} now={fx.NOW} />);
    expect(screen.getByTestId('canary-analysis')).toHaveTextContent('failed checks 1/5');
  });

  it('survives malformed steps', () => {
    render(<StepProgress delivery={fx.malformed()} now={fx.NOW} />);
    expect(screen.getByText('This delivery has no steps.')).toBeInTheDocument();
  });
});
