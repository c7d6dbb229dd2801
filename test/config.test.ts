import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('has defaults that run on a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/apptflow',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SANDBOX_PORT: 3100,
      DEMO: true,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DEMO_API_KEY: '', PORT: '' }).PORT).toBe(3000);
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'nope', DEMO: 'maybe' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*DEMO/,
    );
  });
});
