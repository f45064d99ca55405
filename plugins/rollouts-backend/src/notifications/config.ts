import type { Config } from '@backstage/config';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import { DELIVERY_EVENT_NAMES, DeliveryEventName } from './events';

/** The entity annotation that turns notices off ("off") or limits them ("waiting,aborted"). */
export const NOTIFICATIONS_ANNOTATION = 'rollscope.io/notifications';

/** rollouts.notifications.* */
export interface NotificationOptions {
  enabled: boolean;
  events: DeliveryEventName[];
  severity: Record<DeliveryEventName, NotificationSeverity>;
  /** Base of links in notifications; relative paths (the portal's own routes) by default. */
  linkBase: string;
}

export const DEFAULT_SEVERITY: Record<DeliveryEventName, NotificationSeverity> = {
  waiting: 'high',
  aborted: 'critical',
  degraded: 'high',
  completed: 'low',
};

const SEVERITIES: NotificationSeverity[] = ['critical', 'high', 'normal', 'low'];

export function readNotificationOptions(config: Config): NotificationOptions {
  const c = config.getOptionalConfig('rollouts.notifications');
  const events = (c?.getOptionalStringArray('events') ?? DELIVERY_EVENT_NAMES).map(e => {
    if (!(DELIVERY_EVENT_NAMES as string[]).includes(e)) {
      throw new Error(`rollouts.notifications.events: unknown event "${e}"; use ${DELIVERY_EVENT_NAMES.join(', ')}`);
    }
    return e as DeliveryEventName;
  });
  const severity = { ...DEFAULT_SEVERITY };
  for (const e of DELIVERY_EVENT_NAMES) {
    const s = c?.getOptionalString(`severity.${e}`);
    if (s === undefined) continue;
    if (!(SEVERITIES as string[]).includes(s)) {
      throw new Error(`rollouts.notifications.severity.${e}: "${s}" is not one of ${SEVERITIES.join(', ')}`);
    }
    severity[e] = s as NotificationSeverity;
  }
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    events,
    severity,
    linkBase: (c?.getOptionalString('linkBase') ?? '').replace(/\/$/, ''),
  };
}

/**
 * Which events an entity wants, from its annotation: absent = all configured, "off" / "false" /
 * "none" = none, otherwise a comma-separated list of event names.
 */
export function eventsWantedBy(annotations: Record<string, string> | undefined, configured: DeliveryEventName[]): DeliveryEventName[] {
  const raw = annotations?.[NOTIFICATIONS_ANNOTATION]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'on' || raw === 'true' || raw === 'all') return configured;
  if (['off', 'false', 'none', 'disabled'].includes(raw)) return [];
  const listed = raw.split(',').map(s => s.trim());
  return configured.filter(e => listed.includes(e));
}
