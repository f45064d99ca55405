import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ActionBar } from './ActionBar';
import { RolloutsApiError } from '../../api/errors';
import * as fx from '../../__fixtures__/views';

const menuItem = async (name: string) => {
  if (!screen.queryByRole('menu')) await userEvent.click(screen.getByRole('button', { name: /More actions/ }));
  return screen.getByRole('menuitem', { name: new RegExp(`^${name}`) });
};

describe('ActionBar', () => {
  it('shows one primary action and the rest in a menu, not a row of buttons', async () => {
    render(<ActionBar delivery={fx.pausedManual()} onAction={jest.fn()} />);
    const toolbar = screen.getByRole('toolbar', { name: 'Actions' });
    expect(within(toolbar).getAllByRole('button').map(b => b.textContent)).toEqual(['Promote', 'More actions ']);
    expect(screen.getByRole('button', { name: 'Promote' })).toHaveAttribute('data-primary', 'true');
    await userEvent.click(screen.getByRole('button', { name: /More actions/ }));
    expect(screen.getAllByRole('menuitem').map(m => m.getAttribute('data-action'))).toEqual([
      'promote-full', 'skip-step', 'abort', 'retry', 'pause', 'resume', 'rollback',
    ]);
  });

  it('picks what a person most likely needs next as the primary action', () => {
    const { unmount } = render(<ActionBar delivery={fx.aborted()} onAction={jest.fn()} />);
    expect(screen.getByRole('button', { name: 'Retry' })).toHaveAttribute('data-primary', 'true');
    unmount();
    render(<ActionBar delivery={fx.healthy()} onAction={jest.fn()} />);
    expect(document.querySelector('[data-primary]')).toBeNull();
  });

  it('says in the menu why an action is disabled, in plain text', async () => {
    render(<ActionBar delivery={fx.progressingCanary()} onAction={jest.fn()} />);
    const retry = await menuItem('Retry');
    expect(retry).toHaveAttribute('aria-disabled', 'true');
    expect(retry).toHaveTextContent('RetryThe rollout is not aborted');
  });

  it('shows a viewer one plain line instead of disabled buttons', () => {
    render(<ActionBar delivery={fx.pausedManual()} permitted={[]} onAction={jest.fn()} />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByTestId('view-only')).toHaveTextContent('You can follow this delivery but not act on it');
  });

  it('names the missing permission for single actions a user may not run', async () => {
    render(<ActionBar delivery={fx.pausedManual()} permitted={['promote']} onAction={jest.fn()} />);
    expect(await menuItem('Abort')).toHaveTextContent("You don't have permission to abort this entity");
  });

  it('says why an action is not available for this delivery at all', async () => {
    render(<ActionBar delivery={{ ...fx.canaryDelivery(), actions: [fx.action('rollback', true)] }} onAction={jest.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: /More actions/ }));
    expect(screen.getByTestId('not-offered')).toHaveTextContent(/Not available for this delivery: .*Promote.* — a CanaryDelivery moves on by its own analysis/);
  });

  it('confirms, sends what the user saw, and says what happened — not the plan', async () => {
    const after = { ...fx.pausedManual(), currentStepIndex: 4, status: 'Progressing' as const };
    const onAction = jest.fn().mockResolvedValue({ action: 'promote', summary: 'Promote to step 3', requests: [], noop: false, delivery: after });
    render(<ActionBar delivery={fx.pausedManual()} permitted={['promote']} onAction={onAction} />);
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('Promote rollout default/guestbook.');
    expect(screen.getByRole('button', { name: 'Confirm promote' })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Confirm promote' }));
    expect(onAction).toHaveBeenCalledWith({
      action: 'promote',
      expected: { revision: 4, stepIndex: 1, phase: 'Paused', status: 'Paused', canaryWeight: undefined },
      toRevision: undefined,
      reason: undefined,
    });
    expect(await screen.findByRole('status')).toHaveTextContent('Promoted: now at step 5 of 8, status Progressing, revision 4.');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the 409 message when the delivery moved on', async () => {
    const onAction = jest.fn().mockRejectedValue(new RolloutsApiError(409, 'The rollout is no longer at step 2'));
    render(<ActionBar delivery={fx.pausedManual()} onAction={onAction} />);
    await userEvent.click(await menuItem('Abort'));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm abort' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The delivery changed, nothing was done: The rollout is no longer at step 2');
  });

  it('shows the 403 message', async () => {
    const onAction = jest.fn().mockRejectedValue(new RolloutsApiError(403, 'Access denied'));
    render(<ActionBar delivery={fx.pausedManual()} onAction={onAction} />);
    await userEvent.click(await menuItem('Pause'));
    await userEvent.click(screen.getByRole('button', { name: 'Confirm pause' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not permitted: Access denied');
  });

  it('rolls back to the chosen revision', async () => {
    const onAction = jest.fn().mockResolvedValue({ action: 'rollback', summary: 'Rolled back', requests: [], noop: false });
    render(<ActionBar delivery={fx.healthy()} onAction={onAction} />);
    await userEvent.click(await menuItem('Rollback'));
    await userEvent.selectOptions(screen.getByRole('combobox'), '2');
    await userEvent.type(screen.getByRole('textbox'), 'bad release');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm rollback' }));
    expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ action: 'rollback', toRevision: 2, reason: 'bad release' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Rolled back to revision 2: Rolled back');
  });

  it('opens the rollback confirmation for a revision asked from outside (a revision card)', async () => {
    const { rerender } = render(<ActionBar delivery={fx.healthy()} onAction={jest.fn()} />);
    rerender(<ActionBar delivery={fx.healthy()} onAction={jest.fn()} request={{ action: 'rollback', toRevision: 2, nonce: 1 }} />);
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
    expect(screen.getByRole('combobox')).toHaveValue('2');
  });

  it('works from the keyboard: menu arrows, Escape, and focus back', async () => {
    const onAction = jest.fn();
    render(<ActionBar delivery={fx.pausedManual()} onAction={onAction} />);
    screen.getByRole('button', { name: /More actions/ }).focus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getAllByRole('menuitem')[0]).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: /^Skip step/ })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /More actions/ })).toHaveFocus();
    await userEvent.click(await menuItem('Abort'));
    const confirm = screen.getByRole('button', { name: 'Confirm abort' });
    expect(confirm).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('textbox')).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(confirm).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: /More actions/ })).toHaveFocus();
    expect(onAction).not.toHaveBeenCalled();
  });

  it('closes the menu with Escape wherever focus is, and on a press outside', async () => {
    render(
      <div>
        <p>outside</p>
        <ActionBar delivery={fx.pausedManual()} onAction={jest.fn()} />
      </div>,
    );
    await userEvent.click(screen.getByRole('button', { name: /More actions/ }));
    // Focus on the page body (a screenshot, a click on text): Escape still closes the menu.
    screen.getByText('outside').setAttribute('tabindex', '-1');
    screen.getByText('outside').focus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: /More actions/ }));
    await userEvent.click(screen.getByText('outside'));
    expect(screen.queryByRole('menu')).toBeNull();
  });

  it('survives a delivery without actions', () => {
    render(<ActionBar delivery={fx.malformed()} onAction={jest.fn()} />);
    expect(screen.getByText('No actions for this delivery.')).toBeInTheDocument();
  });

  it('sets an image: pick the container, type the image, and the bar says what happened', async () => {
    const setImage = { ...fx.action('set-image', true), containers: [{ name: 'app', image: 'argoproj/rollouts-demo:blue' }, { name: 'sidecar', image: 'envoy:1.30' }] };
    const d = { ...fx.healthy(), actions: [...fx.healthy().actions, setImage] };
    const onAction = jest.fn().mockResolvedValue({ action: 'set-image', summary: '', requests: [], noop: false, delivery: fx.progressingCanary() });
    render(<ActionBar delivery={d} onAction={onAction} />);
    await userEvent.click(await menuItem('Set image'));
    const confirm = screen.getByRole('button', { name: 'Confirm set image' });
    expect(confirm).toBeDisabled(); // the image is still the current one
    await userEvent.clear(screen.getByRole('textbox', { name: /New image/ }));
    await userEvent.type(screen.getByRole('textbox', { name: /New image/ }), 'argoproj/rollouts-demo:green');
    await userEvent.click(confirm);
    expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ action: 'set-image', container: 'app', image: 'argoproj/rollouts-demo:green' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Image set to argoproj/rollouts-demo:green: now at step 3 of 8');
  });

  it('says why set image is refused for a rollout Argo CD manages', async () => {
    const setImage = fx.action('set-image', false, 'Argo CD application shop manages this rollout: change the image in Git, a change made here would be reverted on the next sync');
    render(<ActionBar delivery={{ ...fx.healthy(), actions: [...fx.healthy().actions, setImage] }} onAction={jest.fn()} />);
    expect(await menuItem('Set image')).toHaveTextContent(/change the image in Git/);
  });
});
