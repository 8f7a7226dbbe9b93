/**
 * A throwaway PostgreSQL server from Debian's packages, initialised and fed
 * its init scripts the way the official postgres image's entrypoint does.
 */
import { ChildProcess, SpawnSyncOptions, SpawnSyncReturns, execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { SCRATCH, tempDir } from "../scratch";
import { INIT_MOUNT } from "../../components";

/** Set by .ci/run: a machine without PostgreSQL fails the test instead of skipping it. */
export const REQUIRE_ENV = "FASTAPI_EKS_REQUIRE_POSTGRES";
export const INSTALL_HINT = "install PostgreSQL's server binaries, e.g. `apt-get install postgresql` on Debian";

/** The directory that holds initdb and postgres, or undefined when PostgreSQL is not installed. */
let pgBinDir: { dir: string | undefined } | undefined;

export function findPgBinDir(): string | undefined {
    // Asked for each job a test runs: look once per process.
    pgBinDir ??= { dir: searchPgBinDir() };
    return pgBinDir.dir;
}

function searchPgBinDir(): string | undefined {
    const candidates: string[] = [];
    const pgConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
    if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
    const debianRoot = "/usr/lib/postgresql";
    if (fs.existsSync(debianRoot)) {
        const versions = fs.readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a));
        candidates.push(...versions.map((v) => path.join(debianRoot, v, "bin")));
    }
    return candidates.find((dir) => ["initdb", "postgres"].every((b) => fs.existsSync(path.join(dir, b))));
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address() as net.AddressInfo;
            srv.close(() => resolve(port));
        });
    });
}

/** PostgreSQL refuses to run as root; as root, run the server as the `postgres` user that Debian's package creates. */
function serverIdentity(): { uid: number; gid: number } | undefined {
    if (process.getuid?.() !== 0) return undefined;
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    return { uid: id("-u"), gid: id("-g") };
}

/**
 * One initdb, copied for each server: initdb takes about a second, a copy a
 * fifth of that. The copy gets its superuser password at boot (ALTER ROLE,
 * hashed with SCRAM as initdb's --pwfile would be). The template is kept in
 * SCRATCH, one per PostgreSQL version, like a compile cache.
 */
function templateDir(binDir: string, own: (p: string) => void, run: (binary: string, args: string[]) => void): string {
    const args = ["--username=postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "--wal-segsize=1"];
    const key = createHash("sha256")
        .update(`${binDir} ${args.join(" ")}`)
        .digest("hex")
        .slice(0, 12);
    const dir = path.join(SCRATCH, `fastapi-eks-pg-template-${key}-${process.getuid?.() ?? 0}`);
    if (fs.existsSync(path.join(dir, "PG_VERSION"))) return dir;
    const building = fs.mkdtempSync(`${dir}-`);
    own(building);
    const data = path.join(building, "data");
    // 1 MB WAL segments instead of 16: a smaller directory to copy; nothing the tests look at changes.
    run("initdb", ["-D", data, ...args]);
    try {
        fs.renameSync(data, dir); // atomic: another worker that built one at the same time keeps its own
    } catch {
        // the other worker's is there
    }
    fs.rmSync(building, { recursive: true, force: true });
    return dir;
}

/** A throwaway server need not survive a power cut: no flushes to disk, which are most of a start and stop. */
const THROWAWAY = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];

/** Servers still running; a worker that ends without stopping one takes it down (immediate shutdown) on its way out. */
const running = new Set<ChildProcess>();
process.on("exit", () => running.forEach((p) => p.kill("SIGQUIT")));

/** postmaster.pid's eighth line once the server accepts connections (PostgreSQL's pidfile.h, PM_STATUS_READY). */
const PM_STATUS_READY = "ready";

export interface InitFile {
    name: string;
    content: string;
}

export class PostgresServer {
    readonly root = tempDir("pg");
    readonly dataDir = path.join(this.root, "data");
    readonly socketDir = path.join(this.root, "run");
    readonly initDir = path.join(this.root, "docker-entrypoint-initdb.d");
    private readonly logFile = path.join(this.root, "server.log");
    private readonly identity = serverIdentity();
    private server: { process: ChildProcess; exited: Promise<void> } | undefined;
    port = 0;

    constructor(private readonly binDir: string) {
        for (const dir of [this.socketDir, this.initDir]) fs.mkdirSync(dir);
        this.own(this.root);
        this.own(this.socketDir);
    }

    private own(p: string): void {
        if (this.identity) fs.chownSync(p, this.identity.uid, this.identity.gid);
    }

    /** Runs a server binary as the server's user; throws with its output on failure. */
    private pg(binary: string, args: string[], opts: SpawnSyncOptions = {}): void {
        const res = spawnSync(path.join(this.binDir, binary), args, { encoding: "utf8", ...this.identity, ...opts });
        if (res.status !== 0)
            throw new Error(`${binary} ${args.join(" ")} failed (${res.status}):\n${res.stdout}${res.stderr}${this.log()}`);
    }

    /**
     * Starts the postmaster and waits until it is ready, as `pg_ctl start -w`
     * does: its postmaster.pid names it and says "ready". pg_ctl looks ten
     * times a second, and its starts and stops were 3 s of npm test; this
     * looks every 5 ms.
     */
    private async start(listen: string): Promise<void> {
        const log = fs.openSync(this.logFile, "a");
        const args = ["-D", this.dataDir, "-c", `listen_addresses=${listen}`, "-p", String(this.port), "-k", this.socketDir, ...THROWAWAY];
        const server = spawn(path.join(this.binDir, "postgres"), args, { ...this.identity, stdio: ["ignore", log, log] });
        fs.closeSync(log);
        running.add(server);
        let failed: Error | undefined;
        const exited = new Promise<void>((resolve) => {
            server.once("exit", () => resolve());
            server.once("error", (e) => ((failed = e), resolve()));
        }).then(() => void running.delete(server));
        this.server = { process: server, exited };
        const pidFile = path.join(this.dataDir, "postmaster.pid");
        const deadline = Date.now() + 30_000;
        for (;;) {
            if (failed) throw new Error(`postgres did not start: ${failed.message}`);
            if (server.exitCode !== null || server.signalCode !== null)
                throw new Error(`postgres exited (${server.exitCode ?? server.signalCode}):\n${this.log()}`);
            const lines = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, "utf8").split("\n") : [];
            if (Number(lines[0]) === server.pid && lines[7]?.trim() === PM_STATUS_READY) return;
            if (Date.now() > deadline) throw new Error(`postgres was not ready within 30 s:\n${this.log()}`);
            await new Promise((r) => setTimeout(r, 5));
        }
    }

    /** A fast shutdown (SIGINT, what `pg_ctl stop -m fast` sends), waited for. */
    async stop(): Promise<void> {
        if (this.server === undefined) return;
        const { process: server, exited } = this.server;
        this.server = undefined;
        server.kill("SIGINT");
        await exited;
    }

    private log(): string {
        return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8") : "";
    }

    /** Environment of psql and the init scripts: the container's env, plus what the entrypoint sets, pointed at this server. */
    clientEnv(containerEnv: Record<string, string>): NodeJS.ProcessEnv {
        return {
            PATH: `${this.binDir}:${process.env.PATH}`,
            ...containerEnv,
            POSTGRES_USER: "postgres",
            PGPASSWORD: containerEnv.POSTGRES_PASSWORD,
            PGHOST: this.socketDir,
            PGPORT: String(this.port),
        };
    }

    /**
     * What the image's docker-entrypoint.sh does on start: on an empty data
     * directory, initdb with the superuser `postgres` and POSTGRES_PASSWORD,
     * host connections by scram-sha-256, then a socket-only temporary server
     * that runs /docker-entrypoint-initdb.d in order (*.sh sourced by bash,
     * *.sql through psql -v ON_ERROR_STOP=1); then the real server on TCP.
     * On a data directory that holds a database, initialisation is skipped.
     * Returns the init files it ran, or undefined when it skipped.
     */
    async boot(containerEnv: Record<string, string>, initFiles: InitFile[]): Promise<string[] | undefined> {
        if (this.port === 0) this.port = await freePort();
        let ran: string[] | undefined;
        if (!fs.existsSync(path.join(this.dataDir, "PG_VERSION"))) {
            const copied = spawnSync(
                "cp",
                [
                    "-a",
                    templateDir(
                        this.binDir,
                        (p) => this.own(p),
                        (b, a) => this.pg(b, a),
                    ),
                    this.dataDir,
                ],
                { encoding: "utf8" },
            );
            if (copied.status !== 0) throw new Error(`copying the initdb template failed: ${copied.stderr}`);
            fs.appendFileSync(path.join(this.dataDir, "pg_hba.conf"), "\nhost all all all scram-sha-256\n");
            await this.start("");
            const env = this.clientEnv(containerEnv);
            const pw = spawnSync(
                "psql",
                ["-v", "ON_ERROR_STOP=1", "--no-psqlrc", "-U", "postgres", "-d", "postgres", "-v", `pw=${containerEnv.POSTGRES_PASSWORD}`],
                {
                    env,
                    input: "ALTER ROLE postgres PASSWORD :'pw';\n",
                    encoding: "utf8",
                },
            );
            if (pw.status !== 0) throw new Error(`setting the superuser's password failed: ${pw.stderr}`);
            ran = this.runInitFiles(containerEnv, initFiles);
            await this.stop();
        }
        await this.start("127.0.0.1");
        return ran;
    }

    private runInitFiles(containerEnv: Record<string, string>, initFiles: InitFile[]): string[] {
        const env = this.clientEnv(containerEnv);
        const ran: string[] = [];
        for (const f of [...initFiles].sort((a, b) => a.name.localeCompare(b.name))) {
            const file = path.join(this.initDir, f.name);
            fs.writeFileSync(file, f.content, { mode: 0o644 });
            let res;
            if (f.name.endsWith(".sh")) {
                res = spawnSync("bash", ["-c", 'set -Eeo pipefail; . "$1"', "entrypoint", file], { env, encoding: "utf8" });
            } else if (f.name.endsWith(".sql")) {
                res = spawnSync(
                    "psql",
                    ["-v", "ON_ERROR_STOP=1", "--no-psqlrc", "--username", "postgres", "--dbname", "postgres", "-f", file],
                    { env, encoding: "utf8" },
                );
            } else {
                continue; // the entrypoint ignores other files
            }
            if (res.status !== 0) throw new Error(`init file ${f.name} failed (${res.status}):\n${res.stdout}${res.stderr}`);
            ran.push(f.name);
        }
        return ran;
    }

    /**
     * Runs a command of the database container against the running server, as
     * the kubelet runs a hook in it: with the container's env, its init-script
     * mount at the folder the init files were written to.
     */
    exec(containerEnv: Record<string, string>, command: string[]): SpawnSyncReturns<string> {
        const mounted = command.map((a) => a.replaceAll(INIT_MOUNT, this.initDir));
        // No stdin: bash takes a socket there for a remote shell's, and reads the user's ~/.bashrc.
        const io: SpawnSyncOptions["stdio"] = ["ignore", "pipe", "pipe"];
        return spawnSync(mounted[0], mounted.slice(1), { env: this.clientEnv(containerEnv), encoding: "utf8", stdio: io });
    }

    async remove(): Promise<void> {
        try {
            await this.stop();
        } finally {
            fs.rmSync(this.root, { recursive: true, force: true });
        }
    }
}
