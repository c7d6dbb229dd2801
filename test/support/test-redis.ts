import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';

export interface TestRedis {
  url: string;
  /** A key prefix of this test file's own; pass it as the queue prefix. */
  prefix: string;
  /** Deletes every key under the prefix and closes the helper's connection. */
  cleanup(): Promise<void>;
}

export function createTestRedis(): TestRedis {
  const url = inject('redisUrl');
  const prefix = `apptflow_t_${randomBytes(6).toString('hex')}`;
  return {
    url,
    prefix,
    async cleanup() {
      const redis = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
