import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CheckpointError } from '../../errors.js';

/** Name of the manifest file in a checkpoint directory (written last). */
export const MANIFEST_JSON = 'manifest.json';
/** Format tag of ampmix checkpoints. */
export const CHECKPOINT_FORMAT = 'ampmix-checkpoint';
/** Version of the checkpoint layout. */
export const CHECKPOINT_VERSION = 1;

/** Size and SHA-256 of one file of a checkpoint. */
export interface ManifestEntry {
  bytes: number;
  sha256: string;
}

/** `manifest.json`: what a complete checkpoint holds; written last, so its presence marks completeness. */
export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  step: number;
  files: Record<string, ManifestEntry>;
}

/** Size and SHA-256 (hex) of `bytes`. */
export function manifestEntry(bytes: Uint8Array): ManifestEntry {
  return { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function isEntry(e: unknown): e is ManifestEntry {
  const r = e as ManifestEntry;
  return typeof r === 'object' && r !== null && Number.isInteger(r.bytes) && typeof r.sha256 === 'string';
}

/**
 * Checks every file of the checkpoint in `dir` against its manifest (present, size, SHA-256) and returns
 * the manifest with the verified bytes of each file. Throws a {@link CheckpointError} that names the file
 * and says whether it is missing, truncated or corrupted.
 */
export function verifyCheckpoint(dir: string): { manifest: CheckpointManifest; files: Record<string, Buffer> } {
  const manifestPath = path.join(dir, MANIFEST_JSON);
  if (!fs.existsSync(dir)) throw new CheckpointError(dir, `checkpoint ${dir} does not exist`);
  if (!fs.existsSync(manifestPath)) throw new CheckpointError(dir, `checkpoint ${dir} is incomplete: ${MANIFEST_JSON} is missing`);
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as CheckpointManifest;
  } catch (e) {
    throw new CheckpointError(dir, `checkpoint ${dir} is corrupted: ${MANIFEST_JSON} is not valid JSON (${(e as Error).message})`);
  }
  if (manifest?.format !== CHECKPOINT_FORMAT || typeof manifest.files !== 'object' || manifest.files === null || !Number.isInteger(manifest.step)) {
    throw new CheckpointError(dir, `checkpoint ${dir} is corrupted: ${MANIFEST_JSON} is not an ${CHECKPOINT_FORMAT} manifest`);
  }
  if (manifest.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(dir, `checkpoint ${dir} has layout version ${String(manifest.version)}; this trainer reads version ${CHECKPOINT_VERSION}`);
  }
  const files: Record<string, Buffer> = {};
  for (const [name, entry] of Object.entries(manifest.files)) {
    const file = path.join(dir, name);
    if (!isEntry(entry)) throw new CheckpointError(dir, `checkpoint ${dir} is corrupted: the manifest entry of ${name} is malformed`);
    if (!fs.existsSync(file)) throw new CheckpointError(dir, `checkpoint ${dir} is incomplete: ${name} is missing`);
    const bytes = fs.readFileSync(file);
    if (bytes.byteLength < entry.bytes) {
      throw new CheckpointError(dir, `checkpoint ${dir} is truncated: ${name} has ${bytes.byteLength} of its ${entry.bytes} bytes`);
    }
    if (bytes.byteLength > entry.bytes) {
      throw new CheckpointError(dir, `checkpoint ${dir} is corrupted: ${name} has ${bytes.byteLength} bytes; the manifest says ${entry.bytes}`);
    }
    if (manifestEntry(bytes).sha256 !== entry.sha256) {
      throw new CheckpointError(dir, `checkpoint ${dir} is corrupted: ${name} fails its SHA-256 checksum`);
    }
    files[name] = bytes;
  }
  return { manifest, files };
}
