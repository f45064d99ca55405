import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeliveryList } from './DeliveryList';
import * as fx from '../../__fixtures__/views';

describe('DeliveryList / DeliveryCard', () => {
  it('renders a card per delivery and selects one', async () => {
    const onSelect = jest.fn();
    render(<DeliveryList deliveries={[fx.progressingCanary(), fx.blueGreenWaiting(), fx.flaggerCanary()]} onSelect={onSelect} selectedKey={fx.flaggerCanary().key} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(within(screen.getByRole('article', { name: 'Rollout default/guestbook' })).getByRole('progressbar')).toHaveAccessibleName('2 of 8 steps done');
    expect(screen.getByRole('article', { name: 'Canary test/podinfo' })).toHaveAttribute('data-selected', 'true');
    await userEvent.click(screen.getAllByRole('button', { name: 'Details' })[1]);
    expect(onSelect).toHaveBeenCalledWith('default/Rollout/default/bluegreen-demo');
  });

  it('says when there is nothing', () => {
    render(<DeliveryList deliveries={[]} />);
    expect(screen.getByText('No deliveries found.')).toBeInTheDocument();
  });
});
