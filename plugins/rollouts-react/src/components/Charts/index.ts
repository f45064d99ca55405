export { Sparkline } from './Charts';
export type { Sample } from './Charts';
export * from './TimeChart';
