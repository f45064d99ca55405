export { Revisions } from './Revisions';
