// Every table, for drizzle-kit and the typed client. Domains own their tables; this only gathers them.
export * from '../../domains/audit/table.ts';
export * from '../../domains/auth/table.ts';
export * from '../../domains/configs/table.ts';
export * from '../../domains/credentials/table.ts';
export * from '../../domains/customers/table.ts';
export * from '../../domains/devices/table.ts';
export * from '../../domains/jobs/table.ts';
export * from '../../domains/schedules/table.ts';
export * from '../../domains/topology/table.ts';
export * from '../../domains/users/table.ts';
