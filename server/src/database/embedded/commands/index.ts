/** The data-command layer of the embedded engine (see README.md). */
import type { CommandService, CommandServiceOptions, StorageEngine } from '../contracts';
import { DataCommandService } from './command-service';

export function createCommandService(storage: StorageEngine, options?: CommandServiceOptions): CommandService {
  return new DataCommandService(storage, options);
}
