import { render, screen } from '@testing-library/react';
import { LiveTraffic, weightSamples } from './LiveTraffic';
import * as fx from '../../__fixtures__/views';

describe('LiveTraffic', () => {
  it('shows actual and desired splits with percentages', () => {
    render(<LiveTraffic delivery={fx.progressingCanary()} now={fx.NOW} />);
    expect(screen.getByTestId('split-actual')).toHaveTextContent('stable 80%, canary 20%');
    expect(screen.getByTestId('split-desired')).toHaveTextContent('stable 60%, canary 40%');
    expect(screen.getByText('Split by traffic router')).toBeInTheDocument();
  });

  it('lists the routers and their problems', () => {
    render(<LiveTraffic delivery={fx.progressingCanary()} now={fx.NOW} />);
    const table = screen.getByRole('table', { name: 'Traffic routers' });
    expect(table).toHaveTextContent('VirtualService default/guestbook-vsvc');
    expect(table).toHaveTextContent('canary (guestbook-canary) 20%');
    expect(table).toHaveTextContent('DestinationRule default/guestbook-dr was not found');
  });

  it('charts history weight samples plus live samples', () => {
    const history = [
      { id: '1', deliveryKey: 'k', at: new Date(fx.NOW - 60000).toISOString(), type: 'weight' as const, message: '', canaryPercent: 0 },
      { id: '2', deliveryKey: 'k', at: new Date(fx.NOW - 30000).toISOString(), type: 'weight' as const, message: '', canaryPercent: 10 },
    ];
    render(<LiveTraffic delivery={fx.progressingCanary()} history={history} now={fx.NOW} />);
    expect(screen.getByRole('img', { name: /Canary weight: 3 values from .* last 20%/ })).toBeInTheDocument();
    expect(weightSamples(history, []).map(s => s.value)).toEqual([0, 10]);
  });

  it('draws the weight chart full width with a time axis and marks where a person acted', () => {
    const history = [
      { id: '1', deliveryKey: 'k', at: new Date(fx.NOW - 600_000).toISOString(), type: 'weight' as const, message: '', canaryPercent: 0 },
      { id: '2', deliveryKey: 'k', at: new Date(fx.NOW - 300_000).toISOString(), type: 'action' as const, message: 'promote', action: 'promote' as const, actor: 'user:default/alice', outcome: 'succeeded' as const },
      { id: '3', deliveryKey: 'k', at: new Date(fx.NOW - 200_000).toISOString(), type: 'action' as const, message: 'abort', action: 'abort' as const, outcome: 'forbidden' as const },
      { id: '4', deliveryKey: 'k', at: new Date(fx.NOW - 290_000).toISOString(), type: 'weight' as const, message: '', canaryPercent: 40 },
    ];
    render(<LiveTraffic delivery={fx.progressingCanary()} history={history} now={fx.NOW} />);
    const chart = screen.getByTestId('time-chart');
    expect(chart).toHaveStyle({ width: '100%' });
    // A time axis: labelled ticks (HH:MM) under the plot.
    const ticks = [...chart.querySelectorAll('text')].map(t => t.textContent).filter(t => /^\d\d:\d\d/.test(t ?? ''));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    // Only the action that happened is marked.
    const marks = chart.querySelectorAll('[data-testid=chart-mark]');
    expect(marks).toHaveLength(1);
    expect(marks[0]).toHaveTextContent('promote by user:default/alice');
  });

  it('shows blue/green services', () => {
    render(<LiveTraffic delivery={fx.blueGreenWaiting()} now={fx.NOW} />);
    expect(screen.getByTestId('split-actual')).toHaveTextContent('active 100%, preview 0%');
    expect(screen.getByRole('list', { name: 'Services' })).toHaveTextContent('preview service bluegreen-demo-preview → revision 11');
    expect(screen.getByText('Split by replica count')).toBeInTheDocument();
  });

  it('survives malformed traffic', () => {
    render(<LiveTraffic delivery={fx.malformed()} now={fx.NOW} />);
    expect(screen.getByTestId('split-desired')).toHaveTextContent('no data');
    expect(screen.getByTestId('split-actual')).toHaveTextContent('canary 0%');
  });
});
