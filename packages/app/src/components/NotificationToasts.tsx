/*
 * A toast for each notification as it arrives (signals), on whichever page the person is, with
 * a link to what it is about; low-severity ones only go to the list on the notifications page.
 */
import { useEffect, useState } from 'react';
import { identityApiRef, toastApiRef, useApi } from '@backstage/frontend-plugin-api';
import { notificationsApiRef } from '@backstage/plugin-notifications';
import type { NewNotificationSignal, NotificationSeverity } from '@backstage/plugin-notifications-common';
import { useSignal } from '@backstage/plugin-signals-react';

const STATUS: Record<NotificationSeverity, 'danger' | 'warning' | 'info'> = {
  critical: 'danger',
  high: 'warning',
  normal: 'info',
  low: 'info',
};

function Toasts() {
  const toastApi = useApi(toastApiRef);
  const notificationsApi = useApi(notificationsApiRef);
  const { lastSignal } = useSignal<NewNotificationSignal>('notifications');
  useEffect(() => {
    if (lastSignal?.action !== 'new_notification') return undefined;
    let cancelled = false;
    notificationsApi
      .getNotification(lastSignal.notification_id)
      .then(({ payload }) => {
        // Low-severity news (a release completed) waits in the list; it does not interrupt.
        if (cancelled || payload.severity === 'low') return;
        toastApi.post({
          title: payload.title,
          description: payload.description,
          status: STATUS[payload.severity ?? 'normal'],
          links: payload.link ? [{ label: payload.link.includes('/rollouts') ? 'Open the Rollouts tab' : 'Open', href: payload.link }] : [],
          timeout: 15_000,
        });
      })
      .catch(() => undefined); // the notifications page still lists it
    return () => {
      cancelled = true;
    };
  }, [lastSignal, notificationsApi, toastApi]);
  return null;
}

/** Listens only once someone is signed in (root elements render before sign-in). */
export function NotificationToasts() {
  const identityApi = useApi(identityApiRef);
  const [signedIn, setSignedIn] = useState(false);
  useEffect(() => {
    let live = true;
    identityApi.getBackstageIdentity().then(
      () => live && setSignedIn(true),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [identityApi]);
  return signedIn ? <Toasts /> : null;
}
