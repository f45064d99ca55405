export { DeliveryList } from './DeliveryList';
