import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { type ClientSession, SchemaTypes, Types } from 'mongoose';

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

const staffRoleListeners = new Set<() => void>();

/**
 * Called after every write to staff roles made through mongoose in this process (whichever feature makes it), and
 * again when the transaction it belonged to has ended: what keeps the access guard's short cache of staff rights
 * (auth/staff-rights.service.ts) from serving a revoked right. Returns the unsubscribe function.
 */
export function onStaffRolesWritten(listener: () => void): () => void {
  staffRoleListeners.add(listener);
  return () => staffRoleListeners.delete(listener);
}

function staffRolesWritten(session: ClientSession | null | undefined): void {
  for (const listener of staffRoleListeners) listener();
  // Written inside a transaction: readers see the change only once it commits, so forget again then.
  if (session?.inTransaction()) session.once('ended', () => staffRoleListeners.forEach((listener) => listener()));
}

StaffRoleSchema.post(
  [
    'updateOne',
    'updateMany',
    'findOneAndUpdate',
    'findOneAndReplace',
    'findOneAndDelete',
    'replaceOne',
    'deleteOne',
    'deleteMany',
  ],
  { query: true, document: false },
  function () {
    staffRolesWritten(this.getOptions().session);
  },
);
StaffRoleSchema.post(['save', 'deleteOne'], { document: true, query: false }, function () {
  staffRolesWritten(this.$session());
});
StaffRoleSchema.post('insertMany', function () {
  staffRolesWritten(undefined);
});
StaffRoleSchema.post('bulkWrite', function () {
  staffRolesWritten(undefined);
});
