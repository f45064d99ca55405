import { render, screen, within } from '@testing-library/react';
import { Revisions } from './Revisions';
import * as fx from '../../__fixtures__/views';

describe('Revisions', () => {
  it('shows the revision tree newest first with RS, images and pods', () => {
    render(<Revisions delivery={fx.progressingCanary()} now={fx.NOW} />);
    const items = screen.getAllByRole('listitem');
    expect(items[0]).toHaveAccessibleName('Revision 4');
    expect(items[0]).toHaveTextContent('guestbook-7d9c');
    expect(items[0]).toHaveTextContent('argoproj/rollouts-demo:yellow');
    expect(items[0]).toHaveTextContent('current');
    const rev3 = within(items[1]);
    expect(rev3.getByText('ImagePullBackOff')).toHaveClass('rs-problem');
    expect(items[1]).toHaveTextContent('ready 4/5');
    expect(items[1]).toHaveTextContent('0/1');
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
