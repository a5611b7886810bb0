/** The members feature's public API: other features import it from here only (see docs/architecture.md). */
export { maskPhone } from './domain/phone';
export { MembersModule } from './members.module';
export { MembersService } from './members.service';
export type { LeanMember, MemberReference } from './members.service';
export { MemberStore } from './member.store';
export type { MemberForProfile } from './member.store';
