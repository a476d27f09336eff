// Headless Debian Chromium through playwright-core (no browser download), with a fresh profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Chromium; `close()` also removes the profile. */
export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'ampmix-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 900 } });
  return { ctx, close: async () => (await ctx.close(), rmSync(profile, { recursive: true, force: true })) };
}

/** Opens the page with `query` (autostart) and resolves when every run has ended. */
export async function runPage(ctx, url, query, timeout = 400_000) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}?${query}&autostart=1`);
  await page.waitForFunction(() => {
    const s = globalThis.__ampmix;
    return s.runs.length > 0 && s.runs.every((r) => r.done || r.error);
  }, null, { timeout, polling: 250 });
  const runs = await page.evaluate(() =>
    globalThis.__ampmix.runs.map((r) => ({
      label: r.label, backendLine: r.backendLine, error: r.error, settings: r.settings, steps: r.steps, evals: r.evals, absDelta: r.absDelta.length, done: r.done,
    })),
  );
  return { page, runs, errors };
}
