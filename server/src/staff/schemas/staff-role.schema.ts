import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';
import { watchStaffRoleWrites } from '../staff-role-writes';

/** A member who is also staff: a community manager (scoped to communities and stores) or HQ. */
@Schema({ collection: 'staff_roles', timestamps: true })
export class StaffRole {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: String, required: true, enum: ['manager', 'hq'] }) role!: 'manager' | 'hq';
  @Prop({ type: [String], default: [] }) communityIds!: string[];
  @Prop({ type: [String], default: [] }) storeIds!: string[];
}

export const StaffRoleSchema = SchemaFactory.createForClass(StaffRole);
StaffRoleSchema.index({ memberId: 1 }, { unique: true });
// The member card's list of who holds a role is read again after any write here (see StaffHolders).
watchStaffRoleWrites(StaffRoleSchema);
