/** Database and collection name rules of mongod (InvalidNamespace 73). */
import { commandError } from '../errors';

const BAD_DB_CHARS = /[/\\. "$\0]/;
const MAX_DB_NAME_LENGTH = 63;

export function validateNamespace(db: string, coll: string): void {
  if (typeof db !== 'string' || db === '' || BAD_DB_CHARS.test(db) || db.length > MAX_DB_NAME_LENGTH) {
    throw commandError('InvalidNamespace', `Invalid database name: '${db}'`);
  }
  if (typeof coll !== 'string' || coll === '' || coll.includes('$') || coll.includes('\0') || coll.startsWith('.')) {
    throw commandError('InvalidNamespace', `Invalid collection name: ${coll}`);
  }
}
