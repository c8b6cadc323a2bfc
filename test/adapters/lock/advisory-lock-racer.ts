/**
 * One contender in the advisory-lock race, run as its own OS process by advisory-lock.test.ts:
 * tries the lock, prints the attempt as one JSON line, then holds it until stdin says "release"
 * (or closes), releases and exits.  Usage: racer <database-url> <lock-name> <identity>
 */
import { createAdvisoryLock } from '../../../src/adapters/lock/advisory-lock.js';
import { silent } from '../../support/silent-logger.js';

const [url, name, identity] = process.argv.slice(2);
if (!url || !name || !identity)
  throw new Error('usage: racer <database-url> <lock-name> <identity>');
const attempt = await createAdvisoryLock({
  connectionString: url,
  identity,
  logger: silent,
}).tryAcquire(name);
process.stdout.write(JSON.stringify(attempt.acquired ? { acquired: true } : attempt) + '\n');
if (attempt.acquired) {
  await new Promise<void>((resolve) => {
    process.stdin.on('data', (d: Buffer) => d.toString().includes('release') && resolve());
    process.stdin.on('end', () => resolve());
  });
  process.stdin.destroy();
  await attempt.held.release();
  process.stdout.write('released\n');
}
