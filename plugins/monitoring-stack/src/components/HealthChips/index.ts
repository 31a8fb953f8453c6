export { HealthChips } from './HealthChips';
