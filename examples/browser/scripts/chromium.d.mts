import type { BrowserContext, Page } from 'playwright-core';
export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export function launchChromium(): Promise<{ ctx: BrowserContext; close(): Promise<void> }>;
export function runPage(ctx: BrowserContext, url: string, query: string, timeout?: number): Promise<{ page: Page; runs: unknown[]; errors: string[] }>;
