/** The staff feature's public API: other features import it from here only (see docs/architecture.md). */
export { StaffModule } from './staff.module';
export { StaffRoleStore } from './staff-role.store';
