export * from './errors';
export * from './tiers';
export * from './rules/money';
export * from './api/endpoint';
export * from './api/error';
export * from './api/health';
export * from './api/program';
export * from './rules/tier-progress';
