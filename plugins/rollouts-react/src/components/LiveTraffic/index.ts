export { LiveTraffic, SplitBar, weightSamples } from './LiveTraffic';
