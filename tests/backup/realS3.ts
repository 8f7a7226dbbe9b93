/**
 * The real parts the backup test needs beside PostgreSQL: a local S3 API
 * (s3rver, from npm) and the AWS CLI v2 (Debian's `awscli`), as the backup
 * pods run it. Missing, the test is skipped, unless CI requires it (then it fails).
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../scratch";

export const REQUIRE_AWS_CLI_ENV = "FASTAPI_EKS_REQUIRE_AWS_CLI";
const INSTALL_HINT = "install the AWS CLI v2, e.g. `apt-get install awscli` on Debian";

/**
 * The directory of an AWS CLI v2, preferring Debian's over another on PATH.
 * Debian's package says its version without the second that `aws --version`
 * takes to start.
 */
export function findAwsCliV2(): string | undefined {
    const debian = spawnSync("dpkg-query", ["--show", "--showformat=${Version}", "awscli"], { encoding: "utf8" });
    if (debian.status === 0 && /^2\./.test(debian.stdout) && fs.existsSync("/usr/bin/aws")) return "/usr/bin";
    return (process.env.PATH ?? "").split(path.delimiter).find((dir) => {
        const aws = path.join(dir, "aws");
        return fs.existsSync(aws) && /^aws-cli\/2\./.test(spawnSync(aws, ["--version"], { encoding: "utf8" }).stdout ?? "");
    });
}

/** Skips the block where the AWS CLI v2 is missing, unless CI requires it; returns its directory. */
export function realAwsCli(): () => string {
    let dir: string | undefined;
    before(function () {
        dir = findAwsCliV2();
        if (dir !== undefined) return;
        if (process.env[REQUIRE_AWS_CLI_ENV] === "1")
            throw new Error(`AWS CLI v2 not found, and ${REQUIRE_AWS_CLI_ENV}=1: ${INSTALL_HINT}`);
        console.log(`    skipped: AWS CLI v2 not found; ${INSTALL_HINT}`);
        this.skip();
    });
    return () => dir as string;
}

/**
 * The S3 server runs in a process of its own: the tests run the pods' commands
 * with spawnSync, which blocks this process's event loop.
 */
const SERVER = `
const S3rver = require("s3rver");
const [dir, bucket] = process.argv.slice(1);
new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] })
    .run()
    .then((a) => console.log(a.port), (e) => { console.error(e); process.exit(1); });
`;

/** A local S3 API on a free port, with one bucket, for the block; its files in a temporary directory. */
export function localS3(bucket: string): () => { endpoint: string; dir: string } {
    const dir = tempDir("s3");
    let server: ChildProcess | undefined;
    let endpoint = "";
    before(async () => {
        server = spawn(process.execPath, ["-e", SERVER, dir, bucket], { cwd: __dirname, stdio: ["ignore", "pipe", "inherit"] });
        const port = await new Promise<string>((resolve, reject) => {
            server!.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
            server!.once("exit", (code) => reject(new Error(`the S3 server exited (${code})`)));
        });
        endpoint = `http://127.0.0.1:${port}`;
    });
    after(() => {
        server?.kill();
        fs.rmSync(dir, { recursive: true, force: true });
    });
    return () => ({ endpoint, dir });
}
