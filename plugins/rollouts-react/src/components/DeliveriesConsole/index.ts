export { DeliveriesConsole } from './DeliveriesConsole';
export type { DeliveriesConsoleProps } from './DeliveriesConsole';
