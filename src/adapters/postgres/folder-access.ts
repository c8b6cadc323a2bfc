import path from 'node:path';

/** Owner, group and permission bits of a folder, as `stat` gives them. */
export interface FolderMode {
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
}

/**
 * The first folder on the way from `/` to `target` (itself included) that a user cannot enter
 * (no search permission for them), or null. Folders that do not exist yet end the walk: they
 * are created by us with the permissions we choose. Supplementary groups and ACLs are not looked
 * at: this names the usual culprit (a 0700 home such as /root), not every possible one.
 */
export function firstClosedFolder(
  target: string,
  user: { readonly uid: number; readonly gid: number },
  statOf: (folder: string) => FolderMode | null,
): { readonly folder: string; readonly mode: FolderMode } | null {
  const absolute = path.resolve(target);
  const parts = absolute.split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const folder = path.sep + parts.slice(0, i).join(path.sep);
    const mode = statOf(folder);
    if (!mode) return null;
    const bit = mode.uid === user.uid ? 0o100 : mode.gid === user.gid ? 0o010 : 0o001;
    if ((mode.mode & bit) === 0) return { folder, mode };
  }
  return null;
}
