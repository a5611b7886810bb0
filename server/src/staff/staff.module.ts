import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { StaffRightsLookup } from '../common/auth/staff-rights.lookup';
import { AuditModule } from '../audit';
import { MembersModule } from '../members';
import { PointsModule } from '../points';
import { ProgrammeModule } from '../programme';
import { TiersModule } from '../tiers';
import { StaffRole, StaffRoleSchema } from './schemas/staff-role.schema';
import { StaffMemberViews } from './staff-member-views.service';
import { StaffRightsService } from './staff-rights.service';
import { StaffController } from './staff.controller';
import { HqMembersController } from './hq-members.controller';
import { MemberPointsAdmin } from './member-points-admin.service';
import { StaffHolders } from './staff-holders';
import { StaffRoleStore } from './staff-role.store';
import { StaffRolesAdmin } from './staff-roles-admin.service';

/**
 * Staff roles (who is a manager or HQ, over which communities and stores) and the staff tools over members.
 * Global because it provides StaffRightsLookup, which the access guard reads on every staff request.
 */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([{ name: StaffRole.name, schema: StaffRoleSchema }]),
    AuditModule,
    MembersModule,
    PointsModule,
    ProgrammeModule,
    TiersModule,
  ],
  controllers: [StaffController, HqMembersController],
  providers: [
    StaffHolders,
    StaffRoleStore,
    StaffRolesAdmin,
    StaffRightsService,
    StaffMemberViews,
    MemberPointsAdmin,
    { provide: StaffRightsLookup, useExisting: StaffRightsService },
  ],
  exports: [StaffRoleStore, StaffRolesAdmin, StaffRightsService, StaffRightsLookup],
})
export class StaffModule {}
