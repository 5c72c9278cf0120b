/**
 * Which target collects each file (by device and inode), shared by all targets of an agent. Two
 * targets may match one file, for example `/var/log/containers/*.log` (symlinks) and
 * `/var/log/pods/…/*.log` (the files they point to); without a claim both would read it and
 * send every line twice, to two topics.
 */
export class FileClaims {
  private readonly owners = new Map<string, string>();

  /** True when `owner` may collect the file: nobody else claimed it, or it already did. */
  claim(key: string, owner: string): boolean {
    const current = this.owners.get(key);
    if (current !== undefined && current !== owner) return false;
    this.owners.set(key, owner);
    return true;
  }

  ownerOf(key: string): string | undefined {
    return this.owners.get(key);
  }

  release(key: string, owner: string): void {
    if (this.owners.get(key) === owner) this.owners.delete(key);
  }
}
