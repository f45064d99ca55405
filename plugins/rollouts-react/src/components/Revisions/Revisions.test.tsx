import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Revisions } from './Revisions';
import * as fx from '../../__fixtures__/views';

const cards = () => screen.getAllByRole('listitem').filter(li => /^Revision/.test(li.getAttribute('aria-label') ?? ''));

describe('Revisions', () => {
  it('shows one card per revision, newest first, with images and ReplicaSets', () => {
    render(<Revisions delivery={fx.progressingCanary()} now={fx.NOW} />);
    const items = cards();
    expect(items[0]).toHaveAccessibleName('Revision 4');
    expect(items[0]).toHaveTextContent('guestbook-7d9c');
    expect(items[0]).toHaveTextContent('argoproj/rollouts-demo:yellow');
    expect(items[0]).toHaveTextContent('current');
    expect(items[1]).toHaveTextContent('stable');
    expect(items[1]).toHaveTextContent('ready 4/5');
  });

  it('draws pods as coloured squares and names the failing ones', () => {
    render(<Revisions delivery={fx.progressingCanary()} now={fx.NOW} />);
    const pods = within(cards()[1]).getByRole('list', { name: 'Pods' });
    const squares = within(pods).getAllByRole('listitem');
    expect(squares.map(s => s.getAttribute('data-health'))).toEqual(['healthy', 'degraded']);
    expect(squares[1]).toHaveAccessibleName('guestbook-5f6b-bbbbb: ImagePullBackOff, 0/1 ready, 3 restarts');
    expect(within(cards()[1]).getByText('ImagePullBackOff')).toHaveClass('rs-problem');
  });

  it('offers rollback on the card of an earlier revision', async () => {
    const run = jest.fn();
    render(<Revisions delivery={fx.progressingCanary()} now={fx.NOW} rollbackFor={() => ({ run })} />);
    expect(within(cards()[0]).queryByRole('button')).toBeNull();
    await userEvent.click(within(cards()[1]).getByRole('button', { name: 'Roll back to revision 3' }));
    expect(run).toHaveBeenCalled();
  });

  it('says why rollback is not possible on a card', () => {
    render(<Revisions delivery={fx.progressingCanary()} rollbackFor={() => ({ run: jest.fn(), disabledReason: 'You may look but not act' })} />);
    const button = screen.getByRole('button', { name: 'Roll back to revision 3' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription('You may look but not act');
  });

  it('survives malformed revisions', () => {
    render(<Revisions delivery={fx.malformed()} />);
    expect(screen.getByText('Revision 1')).toBeInTheDocument();
  });

  it('says when there are no revisions', () => {
    render(<Revisions delivery={{ ...fx.healthy(), revisions: [] }} />);
    expect(screen.getByText('No revisions found.')).toBeInTheDocument();
  });
});
