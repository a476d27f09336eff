import type { Server } from 'node:http';
/** Serves `root` on 127.0.0.1 at a free port with COOP + COEP headers. */
export function serveStatic(root: string): Promise<{ url: string; server: Server }>;
