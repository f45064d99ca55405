export { DeliveryTabs, deliveryTabNames } from './DeliveryTabs';
export type { DeliveryTabName, DeliveryTabsProps } from './DeliveryTabs';
