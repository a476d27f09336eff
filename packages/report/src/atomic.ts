import { chmod, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '@ampmix/trainer';


/** Writes `data` to `path` through a temporary file in the same folder and a rename (never half-written). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function kindOf(path: string, flag: string): Promise<'missing' | 'file' | 'dir'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') throw new OutputError(`${flag} ${path} cannot be created: a path component is a file, not a folder`);
    throw e;
  }
}

/**
 * Checks that `dir` can be (re)placed by a folder holding `marker`: it is missing, an empty folder, or
 * a folder this tool wrote before (it holds `marker`). `flag` names the option for the message.
 */
export async function checkReplaceableDir(dir: string, marker: string, flag: string): Promise<void> {
  const kind = await kindOf(dir, flag);
  if (kind === 'file') throw new OutputError(`${flag} ${dir} is a file; expected a folder path`);
  if (kind === 'dir') {
    const entries = await readdir(dir);
    if (entries.length > 0 && !entries.includes(marker)) {
      throw new OutputError(`${flag} ${dir} already exists and holds other files; choose a new or empty folder`);
    }
  }
}

/** Gives a written folder ordinary modes: folders 0755, files 0644 (mkdtemp makes 0700), whatever the umask. */
export async function publishModes(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await publishModes(p);
    else if (e.isFile()) await chmod(p, 0o644);
  }
}

/**
 * Fills a temporary sibling folder with `fill`, writes `marker` into it, then moves it to `dir`
 * (replacing an earlier folder with the same marker). On any error the temporary folder is removed
 * and `dir` is left as it was, so no half-written output remains. The result has modes 0755/0644 ({@link publishModes}).
 */
export async function writeDirAtomic(dir: string, marker: string, flag: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  await checkReplaceableDir(dir, marker, flag);
  let tmp: string;
  try {
    tmp = await mkdtemp(join(dirname(dir), `.${basename(dir)}.tmp-`));
  } catch (e) {
    throw new OutputError(`${flag} ${dir} cannot be written: ${(e as NodeJS.ErrnoException).code ?? String(e)} on ${dirname(dir)}`);
  }
  let old: string | null = null;
  try {
    await fill(tmp);
    await writeFile(join(tmp, marker), '');
    await publishModes(tmp);
    // the earlier folder is moved aside, not deleted, until the new one is in place
    if ((await kindOf(dir, flag)) === 'dir') {
      old = `${tmp}.old`;
      await rename(dir, old);
    }
    await rename(tmp, dir);
  } catch (e) {
    if (old) await rename(old, dir).catch(() => {});
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (old) await rm(old, { recursive: true, force: true });
}
