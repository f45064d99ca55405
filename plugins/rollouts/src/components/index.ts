export { EntityRolloutsContent } from './EntityRolloutsContent';
export { EntityRolloutsCard } from './EntityRolloutsCard';
