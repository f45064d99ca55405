import type { ReactNode } from 'react';
import {
  InfoCard,
  Progress,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type { DeliveryStatus, DeliveryView } from '@rollscope/rollouts-common';
import { RollscopeHostProvider } from '@rollscope/rollouts-react';
import type { RollscopeHostComponents } from '@rollscope/rollouts-react';
import { ThemeBridge } from './ThemeBridge';

/** Backstage's status indicators for a delivery status (a person waiting reads as a warning). */
export function BackstageStatusIcon(props: { status: DeliveryStatus; aborted?: boolean }) {
  if (props.aborted) return <StatusAborted />;
  switch (props.status) {
    case 'Healthy':
      return <StatusOK />;
    case 'Progressing':
      return <StatusRunning />;
    case 'Paused':
      return <StatusWarning />;
    case 'Degraded':
      return <StatusError />;
    default:
      return <StatusPending />;
  }
}

function DeliveryInfoCard(props: { delivery: DeliveryView; children?: ReactNode }) {
  const d = props.delivery;
  return (
    <InfoCard
      title={d.name}
      subheader={`${d.kind} · ${d.namespace}${d.cluster ? ` · cluster ${d.cluster}` : ''}`}
      titleTypographyProps={{ component: 'h2' }}
    >
      {props.children}
    </InfoCard>
  );
}

function BackstageLoading(props: { label: string }) {
  return (
    <div role="status" aria-label={props.label}>
      <Progress aria-label={props.label} />
    </div>
  );
}

const components: RollscopeHostComponents = {
  StatusIcon: BackstageStatusIcon,
  DeliveryFrame: DeliveryInfoCard,
  Loading: BackstageLoading,
};

/** Rollscope components in Backstage's look: the app's MUI theme, InfoCards, status icons, progress. */
export function BackstageHost(props: { children?: ReactNode; frame?: boolean }) {
  return (
    <ThemeBridge>
      <RollscopeHostProvider components={props.frame === false ? { ...components, DeliveryFrame: undefined } : components}>
        {props.children}
      </RollscopeHostProvider>
    </ThemeBridge>
  );
}
