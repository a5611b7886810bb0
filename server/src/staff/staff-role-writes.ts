import type { Schema } from 'mongoose';

/** Writes to `staff_roles` made through this process's model, counted as each begins and ends. */
const writesHere = { count: 0 };

/** How many times a write to `staff_roles` through the model in this process has begun or ended. */
export function staffRoleWritesHere(): number {
  return writesHere.count;
}

/**
 * Counts every write to `staff_roles` through the model in this process, whoever makes it (the services, the test
 * helpers): StaffHolders reads its list of holders again after any of them, before the next card is answered.
 */
export function watchStaffRoleWrites(schema: Schema): void {
  const touch = () => void writesHere.count++;
  const writes: Array<'updateOne' | 'updateMany' | 'replaceOne' | 'findOneAndUpdate' | 'findOneAndReplace'> = [
    'updateOne',
    'updateMany',
    'replaceOne',
    'findOneAndUpdate',
    'findOneAndReplace',
  ];
  schema.pre(writes, touch);
  schema.post(writes, touch);
  schema.pre('save', touch);
  schema.post('save', touch);
  schema.pre('insertMany', touch);
  schema.post('insertMany', touch);
  schema.pre('bulkWrite', touch);
  schema.post('bulkWrite', touch);
}
