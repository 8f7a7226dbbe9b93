/**
 * Where tests put their throwaway files: /dev/shm, in memory, when it is there
 * with room to spare, else the system's temporary directory. On this project's
 * machines /tmp is on a virtual disk: copying the 28 MB initdb template there
 * took 0.83 s, to /dev/shm 0.05 s, and the servers' own writes cost alike.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const MEMORY = "/dev/shm";
/** Room the real-infrastructure tests may take at once: six database servers and their template, with margin. */
const NEEDED_BYTES = 1024 ** 3;

function hasRoom(dir: string): boolean {
    try {
        fs.accessSync(dir, fs.constants.W_OK);
        const s = fs.statfsSync(dir);
        return s.bavail * s.bsize >= NEEDED_BYTES;
    } catch {
        return false;
    }
}

/** The folder under which tests make theirs (a small Docker /dev/shm, 64 MB by default, is passed over). */
export const SCRATCH = hasRoom(MEMORY) ? MEMORY : os.tmpdir();

/** A new empty folder under SCRATCH, named `fastapi-eks-<prefix>-XXXXXX`; the caller removes it. */
export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(SCRATCH, `fastapi-eks-${prefix}-`));
}
