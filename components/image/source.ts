import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** The workshop app's public repository, at the commit this program was tested with (its Dockerfile is at the root). */
export const WORKSHOP_REPOSITORY = "https://github.com/aws-samples/python-fastapi-demo-docker.git";
export const WORKSHOP_COMMIT = "fb1dc644ef4c11393dbe1725f1f0d96256371b16";
export const WORKSHOP_SOURCE = `${WORKSHOP_REPOSITORY}#${WORKSHOP_COMMIT}`;

/** A Git source as BuildKit takes it: `https://<host>/<path>[.git]#<commit>[:<subdirectory>]`. */
const GIT_SOURCE = /^(https:\/\/[^\s#]+?)(?:#([^:\s]*)(?::(\S+))?)?$/;

export type AppSource = { kind: "git"; location: string; commit: string } | { kind: "dir"; location: string };

/**
 * Where the image is built from: a Git URL pinned to a full commit (a branch
 * or tag moves, and the ECR tags are immutable), or a local directory.
 */
export function parseSource(value: string, cwd: string): AppSource | string {
    if (value.startsWith("https://") || value.startsWith("git@") || value.startsWith("http://")) {
        const m = GIT_SOURCE.exec(value);
        if (!m) return `"${value}" is not a Git URL BuildKit can fetch: use https://<host>/<repository>.git#<commit>`;
        if (m[2] === undefined || !/^[0-9a-f]{40}$/.test(m[2])) {
            return `"${value}" must pin a full commit (#<40 hex digits>): a branch or tag moves, and the image's tag in ECR is immutable`;
        }
        return { kind: "git", location: value, commit: m[2] };
    }
    const dir = path.resolve(cwd, value);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
        return `"${value}" is neither a Git URL nor a directory (a relative path is taken from the project's folder)`;
    return { kind: "dir", location: dir };
}

/** A Dockerfile's path must stay inside the source: relative, not empty, no `..`. */
export function checkDockerfilePath(value: string): string | undefined {
    return value.trim() === "" || path.isAbsolute(value) || value.split("/").includes("..")
        ? `"${value}" is not a path inside the source`
        : undefined;
}

/** The files of a local source, `.git` aside, in a stable order. */
function sourceFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => !f.split(path.sep).includes(".git") && fs.statSync(path.join(dir, f)).isFile())
        .sort();
}

/**
 * The image's tag in ECR, from what it is built from: the commit, or a hash of
 * a directory's files. The same source gives the same tag, and changed source
 * a new one, as immutable tags need.
 */
export function sourceTag(source: AppSource, dockerfile: string): string {
    if (source.kind === "git") return `git-${source.commit.slice(0, 12)}`;
    const hash = createHash("sha256").update(`dockerfile:${dockerfile}\n`);
    for (const f of sourceFiles(source.location)) {
        hash.update(`${f}\n`);
        hash.update(fs.readFileSync(path.join(source.location, f)));
    }
    return `src-${hash.digest("hex").slice(0, 12)}`;
}

/** The ECR repository of an image reference, when it is one: `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
export function ecrLocation(name: string): { account: string; region: string; repository: string } | undefined {
    const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(.+)$/.exec(name);
    return m ? { account: m[1], region: m[2], repository: m[3] } : undefined;
}
