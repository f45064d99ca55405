import {
  act,
  fireEvent,
  render,
  screen,
  waitFor,
} from '@testing-library/react';
import { application, rollout, tree } from '../__fixtures__/argocd';
import { deriveFromArgo } from '../derive';
import { forgetAbsentBackends } from '../hooks/useRollscopeBackend';
import { AppView } from './AppView';
import { ResourceTab } from './ResourceTab';
import { StatusPanel } from './StatusPanel';

// The shared CI machine is slow at times: a whole tab renders and acts in these tests.
jest.setTimeout(20_000);

type Handler = (
  url: string,
  init?: RequestInit,
) => { status: number; body?: unknown; stream?: boolean };

function res(status: number, body: unknown, stream?: boolean): any {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    headers: { get: () => (stream ? 'text/event-stream' : 'application/json') },
    json: async () => JSON.parse(text),
    text: async () => text,
    body: stream ? new ReadableStream({ start() {} }) : null,
  };
}

function installFetch(handler: Handler) {
  const calls: string[] = [];
  (window as any).fetch = jest.fn(async (url: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    const r = handler(url, init);
    return res(r.status, r.body, r.stream);
  });
  return calls;
}

afterEach(() => {
  delete (window as any).ROLLSCOPE_VARS;
  forgetAbsentBackends();
});

/** Argo CD's discovery for a canary Rollout paused at a step (what GET .../resource/actions lists). */
const discovered = {
  actions: ['resume', 'skip-current-step', 'promote-full', 'abort', 'pause', 'restart', 'retry'].map(name => ({
    name,
    disabled: name === 'retry',
  })),
};

describe('ResourceTab', () => {
  it('is read-only from Argo CD props when the proxy extension is not there', async () => {
    const calls = installFetch(url => {
      if (url.startsWith('/extensions/')) return { status: 404, body: 'Extension not found' };
      if (url.includes('/resource/actions?')) return { status: 200, body: discovered };
      return { status: 200, body: {} };
    });
    render(
      <ResourceTab application={application} resource={rollout} tree={tree} />,
    );
    expect(await screen.findByText(/Set weight to 25%/)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId('rollscope-connection')).toHaveAttribute(
        'data-mode',
        'read-only',
      ),
    );
    expect(screen.getByTestId('rollscope-connection')).toHaveTextContent(
      /proxy extension is not configured/,
    );
    // Argo CD's own "resume" promotes a paused rollout: no backend needed.
    expect(await screen.findByRole('button', { name: 'Promote' })).toBeEnabled();
    expect(calls[0]).toBe(
      'GET /extensions/rollscope/entities/argocd/deliveries',
    );
    // What Argo CD offers on the resource is asked for (its Lua discovery).
    await waitFor(() => expect(calls.some(c => c.startsWith('GET /api/v1/applications/shop/resource/actions?'))).toBe(true));
    // Argo CD's actions keep no reason: the confirmation does not ask for one.
    fireEvent.click(screen.getByRole('button', { name: 'Promote' }));
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
    expect(screen.queryByLabelText(/Reason/)).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /Confirm promote/ }));
    await waitFor(() => expect(calls).toContain('POST /api/v1/applications/shop/resource/actions/v2'));
    expect(calls.filter(c => /resource\/actions\?/.test(c) && c.startsWith('POST'))).toEqual([]);
  });

  it('finds out once that the proxy extension is missing, then stays quiet', async () => {
    const calls = installFetch(url =>
      url.startsWith('/extensions/') ? { status: 404, body: 'Extension not found' } : { status: 200, body: {} },
    );
    const first = render(<ResourceTab application={application} resource={rollout} tree={tree} />);
    await waitFor(() => expect(screen.getByTestId('rollscope-connection')).toHaveAttribute('data-mode', 'read-only'));
    first.unmount();
    render(<ResourceTab application={application} resource={rollout} tree={tree} />);
    await waitFor(() => expect(screen.getByTestId('rollscope-connection')).toHaveAttribute('data-mode', 'read-only'));
    await act(async () => {
      await new Promise(r => setTimeout(r, 300));
    });
    expect(calls.filter(c => c.includes('/extensions/'))).toHaveLength(1);
  });

  it('never calls the proxy when the backend is turned off', async () => {
    (window as any).ROLLSCOPE_VARS = { ENABLE_BACKEND: 'false' };
    const calls = installFetch(() => ({ status: 500 }));
    render(
      <ResourceTab application={application} resource={rollout} tree={tree} />,
    );
    expect(await screen.findByText(/Set weight to 25%/)).toBeInTheDocument();
    expect(screen.getByTestId('rollscope-connection')).toHaveTextContent(
      /turned off/,
    );
    expect(calls.filter(c => c.includes('/extensions/'))).toEqual([]);
  });

  it('shows the backend view when the proxy extension answers', async () => {
    const base = deriveFromArgo(rollout, tree).view!;
    const live = {
      ...base,
      cluster: 'in-cluster',
      message: 'Message from the backend',
    };
    installFetch(url => {
      if (url.endsWith('/deliveries'))
        return { status: 200, body: { deliveries: [live], clusters: [] } };
      if (url.endsWith('/events'))
        return { status: 200, body: '', stream: true };
      if (url.endsWith('/history'))
        return { status: 200, body: { entries: [] } };
      return { status: 404 };
    });
    render(
      <ResourceTab application={application} resource={rollout} tree={tree} />,
    );
    expect(
      await screen.findByText('Message from the backend'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByTestId('rollscope-connection')).toHaveTextContent(
        'Live from the Rollscope backend',
      ),
    );
  });

  it('says what it cannot read instead of crashing', async () => {
    installFetch(() => ({ status: 404 }));
    render(
      <ResourceTab
        application={{}}
        resource={{ kind: 'ConfigMap' }}
        tree={null as any}
      />,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(/not a Rollout/);
  });
});

describe('AppView', () => {
  it('lists every delivery of the application, reading live objects from Argo CD without the backend', async () => {
    installFetch(url => {
      if (url.startsWith('/extensions/'))
        return { status: 502, body: 'bad gateway' };
      if (url.includes('/resource?') && url.includes('resourceName=checkout'))
        return { status: 200, body: { manifest: JSON.stringify(rollout) } };
      return { status: 404, body: { message: 'not found' } };
    });
    render(<AppView application={application} tree={tree} />);
    await waitFor(() =>
      expect(screen.getAllByTestId('rollscope-delivery-row')).toHaveLength(3),
    );
    await waitFor(() =>
      expect(
        screen.getAllByTestId('rollscope-delivery-row')[0],
      ).toHaveAttribute('data-status', 'Paused'),
    );
    expect(screen.getAllByText(/Could not read the live object/)).toHaveLength(
      2,
    );
    // A paused rollout's next step is promote, run as Argo CD's own "resume".
    expect(screen.getByRole('button', { name: 'Promote' })).toBeInTheDocument();
  });

  it('follows the tree: reads a live object again only when its node changed, never on a timer', async () => {
    jest.useFakeTimers();
    try {
      const calls = installFetch(url => {
        if (url.startsWith('/extensions/')) return { status: 404, body: 'nope' };
        if (url.includes('/resource?')) return { status: 200, body: { manifest: JSON.stringify(rollout) } };
        return { status: 404, body: { message: 'not found' } };
      });
      const withVersion = (rv: string) => ({
        ...tree,
        nodes: (tree as any).nodes.map((n: any) => (n?.kind === 'Rollout' && n.name === 'checkout' ? { ...n, resourceVersion: rv } : n)),
      });
      const view = render(<AppView application={application} tree={withVersion('1')} />);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(100);
      });
      const reads = () => calls.filter(c => c.includes('/resource?') && c.includes('resourceName=checkout')).length;
      expect(reads()).toBe(1);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(40_000);
      });
      expect(reads()).toBe(1);
      view.rerender(<AppView application={application} tree={withVersion('2')} />);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(100);
      });
      expect(reads()).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('StatusPanel', () => {
  it('shows only while a delivery needs a person, and opens the flyout', () => {
    const openFlyout = jest.fn();
    const { container, rerender } = render(
      <StatusPanel
        application={{
          status: {
            resources: [
              {
                group: 'argoproj.io',
                kind: 'Rollout',
                name: 'a',
                health: { status: 'Healthy' },
              },
            ],
          },
        }}
        openFlyout={openFlyout}
      />,
    );
    expect(container).toBeEmptyDOMElement();
    rerender(<StatusPanel application={application} openFlyout={openFlyout} />);
    expect(screen.getByTestId('rollscope-status-panel')).toHaveTextContent(
      '1 paused',
    );
    act(() => {
      fireEvent.click(screen.getByTestId('rollscope-status-panel'));
    });
    expect(openFlyout).toHaveBeenCalled();
  });
});
