import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      dbPath: './data/fundwatch.db',
      feedsPath: './feeds.yaml',
      smtpUrl: null,
      outboxDir: './outbox',
      mailFrom: 'fundwatch <veille@localhost>',
      baseUrl: 'http://localhost:3000',
      adminToken: null,
      host: '127.0.0.1',
      port: 3000,
      timeZone: 'Europe/Paris',
      fetchCron: '0 */6 * * *',
      digestCron: '0 8 * * 1',
      staffEmail: null,
      dkim: null,
      logLevel: 'info',
    });
  });

  it.each([
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL'],
    [{ SMTP_URL: 'http://mail.example.org' }, 'SMTP_URL'],
    [{ FETCH_CRON: '61 * * * *' }, 'FETCH_CRON'],
    [{ DIGEST_CRON: 'every monday' }, 'DIGEST_CRON'],
    [{ FUNDWATCH_TZ: 'Europe/Lutece' }, 'FUNDWATCH_TZ'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ FUNDWATCH_BASE_URL: 'localhost:3000' }, 'FUNDWATCH_BASE_URL'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ DKIM_DOMAIN: 'example.org' }, 'DKIM_SELECTOR'],
  ])('refuses %o naming %s', (env, variable) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable} : `)).toBe(true);
    // Said in French, for the staff who start the service.
    expect(error.message).toMatch(/doit|n’est pas|inconnu|demande|attendue/);
  });

  it('accepts smtp and smtps URLs with credentials', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://user:pass@mail.example.org:465' }).smtpUrl).toBe('smtps://user:pass@mail.example.org:465');
  });
});
