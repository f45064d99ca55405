import { render, screen } from '@testing-library/react';
import { HistoryTimeline } from './HistoryTimeline';
import * as fx from '../../__fixtures__/views';

describe('HistoryTimeline', () => {
  it('lists entries newest first with actor and outcome', () => {
    render(
      <HistoryTimeline
        entries={[
          { id: 'a', deliveryKey: 'k', at: '2026-11-24T09:00:00Z', type: 'step', message: 'Step 1 → 2' },
          { id: 'b', deliveryKey: 'k', at: '2026-11-24T09:05:00Z', type: 'action', message: 'Promote', actor: 'user:default/viewer-victor', outcome: 'forbidden' },
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Promote — user:default/viewer-victor (forbidden)');
    expect(items[1]).toHaveTextContent('2026-11-24 09:00:00Z');
  });

  it('shows CanaryDelivery releases', () => {
    render(<HistoryTimeline entries={[]} releases={fx.canaryDelivery().releases} />);
    expect(screen.getByRole('table', { name: 'Releases' })).toHaveTextContent('shop/cart:1.5');
    expect(screen.getByText('No history recorded yet.')).toBeInTheDocument();
  });

  it('shows loading and errors', () => {
    render(<HistoryTimeline entries={[]} loading error="boom" />);
    expect(screen.getByText('History could not be loaded: boom')).toBeInTheDocument();
  });
});
