import { render, screen } from '@testing-library/react';
import { DeliverySummary } from './DeliverySummary';
import * as fx from '../../__fixtures__/views';

describe('DeliverySummary', () => {
  it('shows a progressing canary: badge, strategy, step, weights, images with tags', () => {
    render(<DeliverySummary delivery={fx.progressingCanary()} />);
    expect(screen.getByRole('status')).toHaveTextContent('Progressing');
    expect(screen.getByText('Canary')).toBeInTheDocument();
    expect(screen.getByTestId('step-counter')).toHaveTextContent('Step 3 of 8');
    expect(screen.getByText('set 40, actual 20')).toBeInTheDocument();
    const images = screen.getByRole('list', { name: 'Images' });
    expect(images).toHaveTextContent('argoproj/rollouts-demo:blue');
    expect(images).toHaveTextContent('stable');
    expect(images).toHaveTextContent('argoproj/rollouts-demo:yellow');
    expect(images).toHaveTextContent('canary');
  });

  it.each([
    ['healthy', fx.healthy(), 'Healthy'],
    ['degraded', fx.degraded(), 'Degraded'],
    ['aborted', fx.aborted(), 'Degraded'],
    ['paused', fx.pausedManual(), 'Paused'],
    ['blue/green', fx.blueGreenWaiting(), 'Paused'],
  ])('shows the %s status in Argo Rollouts words', (_name, view, word) => {
    render(<DeliverySummary delivery={view} />);
    expect(screen.getByRole('status')).toHaveTextContent(word);
  });

  it('shows the abort message', () => {
    render(<DeliverySummary delivery={fx.aborted()} />);
    expect(screen.getByTestId('delivery-message')).toHaveTextContent('RolloutAborted');
  });

  it('shows the native phase of a CanaryDelivery and a Flagger canary', () => {
    const { unmount } = render(<DeliverySummary delivery={fx.canaryDelivery()} />);
    expect(screen.getByRole('status')).toHaveTextContent('Paused · WaitingPromotion');
    expect(screen.getByText(/CanaryDelivery/)).toBeInTheDocument();
    unmount();
    render(<DeliverySummary delivery={{ ...fx.flaggerCanary(), phase: 'Finalising' }} />);
    expect(screen.getByRole('status')).toHaveTextContent('Progressing · Finalising');
  });

  it('does not crash on malformed data and says what could not be read', () => {
    render(<DeliverySummary delivery={{ ...fx.malformed(), status: 'Weird' as never }} />);
    expect(screen.getByRole('status')).toHaveTextContent('Unknown');
    expect(screen.getByRole('list', { name: 'Could not read' })).toHaveTextContent('spec.strategy could not be read');
  });
});
