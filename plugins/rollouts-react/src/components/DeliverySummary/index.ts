export { DeliverySummary, StatusBadge, ImageLine } from './DeliverySummary';
