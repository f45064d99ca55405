/* Notifications to the owners of deliveries; see DeliveryNotifier. */
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Knex } from 'knex';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { RolloutsService } from '../service/RolloutsService';
import { readNotificationOptions } from './config';
import { DeliveryNotifier } from './DeliveryNotifier';
import { NotificationLedger } from './NotificationLedger';
import { EntityScopes } from './recipients';

export { DeliveryNotifier } from './DeliveryNotifier';
export { NotificationLedger } from './NotificationLedger';
export { noticeFor } from './events';
export type { DeliveryEventName, DeliveryNotice } from './events';
export { readNotificationOptions, NOTIFICATIONS_ANNOTATION } from './config';

/**
 * Starts telling owners about their deliveries (call it before the service starts, so deliveries
 * already waiting when the backend starts are seen too), unless `rollouts.notifications.enabled` is false
 * or there is no database (the ledger is what keeps notices from repeating).
 */
export function startDeliveryNotifications(deps: {
  service: RolloutsService;
  database?: Knex;
  config: Config;
  catalog: CatalogService;
  auth: AuthService;
  notifications: NotificationService;
  logger: LoggerService;
}): DeliveryNotifier | undefined {
  const options = readNotificationOptions(deps.config);
  if (!options.enabled) return undefined;
  if (!deps.database) {
    deps.logger.warn('rollouts notifications are off: they need the plugin database');
    return undefined;
  }
  const ledger = new NotificationLedger(deps.database);
  const notifier = new DeliveryNotifier({
    index: deps.service.index,
    ledger,
    scopes: new EntityScopes(deps.catalog, deps.auth),
    notifications: deps.notifications,
    // The history store exists once the service started; notices are handled after that.
    history: { list: (key, limit) => deps.service.history?.list(key, limit) ?? Promise.resolve([]) },
    options,
    logger: deps.logger,
  });
  notifier.start();
  const days = deps.config.getOptionalNumber('rollouts.historyRetentionDays') ?? 30;
  const prune = () => ledger.prune(days).catch(e => deps.logger.warn(`rollouts notification ledger pruning failed: ${e.message}`));
  // First pass once the service has run its migrations; then a few times a day.
  const first = setTimeout(prune, 60_000);
  first.unref?.();
  const timer = setInterval(prune, 6 * 3600_000);
  timer.unref?.();
  const stop = notifier.stop.bind(notifier);
  notifier.stop = () => {
    clearTimeout(first);
    clearInterval(timer);
    stop();
  };
  return notifier;
}
