import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryTabs } from './DeliveryTabs';
import * as fx from '../../__fixtures__/views';

describe('DeliveryTabs', () => {
  it('has exactly the five tabs and switches between them', async () => {
    render(<DeliveryTabs delivery={fx.progressingCanary()} history={[]} now={fx.NOW} />);
    expect(screen.getAllByRole('tab').map(t => t.textContent)).toEqual(['Steps', 'Live traffic', 'Revisions', 'Analysis', 'History']);
    expect(screen.getByRole('tab', { name: 'Steps' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel')).toHaveTextContent('Set weight to 20%');
    await userEvent.click(screen.getByRole('tab', { name: 'Live traffic' }));
    expect(screen.getByRole('tabpanel')).toHaveTextContent('stable 80%, canary 20%');
    await userEvent.click(screen.getByRole('tab', { name: 'Revisions' }));
    expect(screen.getByRole('tabpanel')).toHaveTextContent('guestbook-7d9c');
    await userEvent.click(screen.getByRole('tab', { name: 'Analysis' }));
    expect(screen.getByRole('tabpanel')).toHaveTextContent('success-rate');
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(screen.getByRole('tabpanel')).toHaveTextContent('No history recorded yet.');
  });

  it('moves with the arrow keys', async () => {
    render(<DeliveryTabs delivery={fx.progressingCanary()} now={fx.NOW} />);
    screen.getByRole('tab', { name: 'Steps' }).focus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'History' })).toHaveFocus();
  });
});
