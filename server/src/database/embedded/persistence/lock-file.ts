/** One process per data directory: a lock file with the owner's pid, taken over when that process is gone. */
import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireLock(dbpath: string): () => void {
  const path = join(dbpath, 'mongod.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // already removed
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(`dbpath ${dbpath} is in use by process ${owner}: stop it, or use another --dbpath`);
      }
      // Left behind by a process that died (kill -9, power loss): take it over.
      unlinkSync(path);
    }
  }
  throw new Error(`could not take the lock on ${dbpath}`);
}

/**
 * Writes where the engine holding `dbpath` listens (`engine.uri`, readable by its owner only), so another process
 * of the same deployment (a command-line tool) can use the running engine instead of failing on the lock.
 * Returns the function that removes it again at stop.
 */
export function publishAddress(dbpath: string, uri: string): () => void {
  const path = join(dbpath, 'engine.uri');
  writeFileSync(path, uri, { mode: 0o600 });
  return () => {
    try {
      unlinkSync(path);
    } catch {
      // already removed
    }
  };
}

/** The address of the engine another live process runs on `dbpath`, or undefined when none does. */
export function runningEngineUri(dbpath: string): string | undefined {
  try {
    const owner = Number(readFileSync(join(dbpath, 'mongod.lock'), 'utf8').trim());
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || !isAlive(owner)) return undefined;
    const uri = readFileSync(join(dbpath, 'engine.uri'), 'utf8').trim();
    return /^mongodb:\/\/[\w.-]+:\d+\/$/.test(uri) ? uri : undefined;
  } catch {
    return undefined;
  }
}
