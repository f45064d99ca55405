import { useEffect, useState } from 'react';
import { Button, Card, CardContent, Typography } from '@material-ui/core';
import { discoveryApiRef, useApi } from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import { demoUsers, resumeSession, signInAs } from './demoAuth';

const STORAGE_KEY = 'rollscope.signin.provider';

/** Pick a demo person: Alice may act on deliveries, Victor may only look. */
export function DemoSignInPage(props: SignInPageProps) {
  const discovery = useApi(discoveryApiRef);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | undefined>();
  const { onSignInSuccess } = props;

  useEffect(() => {
    let cancelled = false;
    discovery
      .getBaseUrl('auth')
      .then(base => resumeSession(base, localStorage.getItem(STORAGE_KEY)))
      .then(identity => {
        if (cancelled) return;
        if (identity) onSignInSuccess(identity);
        else setBusy(false);
      })
      .catch(() => !cancelled && setBusy(false));
    return () => {
      cancelled = true;
    };
  }, [discovery, onSignInSuccess]);

  const go = async (provider: 'demo' | 'guest', user?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const identity = await signInAs(await discovery.getBaseUrl('auth'), provider, user);
      localStorage.setItem(STORAGE_KEY, provider);
      onSignInSuccess(identity);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 80 }}>
      <Card style={{ width: 420 }}>
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom>
            Rollscope
          </Typography>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            Sign in as one of the demo people.
          </Typography>
          {busy && <Progress />}
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 12 }}>
            {demoUsers.map(u => (
              <Button key={u.user} variant="contained" color="primary" disabled={busy} onClick={() => go('demo', u.user)}>
                {u.label}
              </Button>
            ))}
            <Button variant="outlined" disabled={busy} onClick={() => go('guest')}>
              Guest
            </Button>
          </div>
          {error && (
            <Typography role="alert" color="error" style={{ marginTop: 12 }}>
              {error}
            </Typography>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
