/**
 * What the real-PostgreSQL tests share: the components' objects as the pod
 * and the app would get them, a server per test, and the app role's checks.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as k8s from "@pulumi/kubernetes";
import { Client } from "pg";
import { FastApiApp, PostgresDb, PostgresDbArgs } from "../../components";
import { one, resetRegistrations, reveal, settle } from "../harness";
import { INSTALL_HINT, InitFile, PostgresServer, REQUIRE_ENV, findPgBinDir } from "./postgresServer";

export interface Bootstrap {
    initFiles: InitFile[];
    /** The env the StatefulSet gives its container, secretKeyRefs resolved against the Secret. */
    containerEnv: Record<string, string>;
    /** The app Secret's DOCKER_DATABASE_URL, which the app prints at start-up. */
    appUrl: string;
    /** The app Secret's PGPASSWORD, which libpq reads when the URL has no password. */
    appPassword: string;
    /** The database container's postStart hook, as the StatefulSet gives it. */
    postStart: string[];
}

/** Evaluates both components under mocks and takes, from what they register, what the pod and the app would get. */
export async function evaluate(
    dbArgs: Partial<PostgresDbArgs>,
    alsoBuild?: (db: PostgresDb, provider: k8s.Provider) => void,
): Promise<Bootstrap> {
    resetRegistrations();
    const provider = new k8s.Provider("k8s", {});
    const db = new PostgresDb("db", { namespace: "my-cool-app", ...dbArgs }, { provider });
    // Wired as index.ts wires them.
    new FastApiApp(
        "app",
        { namespace: "my-cool-app", image: "repo/app:1.0", databaseUrl: db.urlWithoutPassword, databasePassword: db.password },
        { provider },
    );
    alsoBuild?.(db, provider);
    await settle();

    const secret = reveal(one("kubernetes:core/v1:Secret", "db-secret").inputs);
    const configMap = reveal(one("kubernetes:core/v1:ConfigMap", "db-init-script").inputs);
    const pod = reveal(one("kubernetes:apps/v1:StatefulSet", "db-statefulset").inputs).spec.template.spec;
    const container = pod.containers[0];

    const containerEnv: Record<string, string> = {};
    for (const e of container.env) {
        if (e.value !== undefined) {
            containerEnv[e.name] = e.value;
            continue;
        }
        const ref = e.valueFrom.secretKeyRef;
        assert.equal(ref.name, secret.metadata.name, `${e.name} comes from the database Secret`);
        assert.ok(ref.key in secret.stringData, `the Secret has ${ref.key}`);
        containerEnv[e.name] = secret.stringData[ref.key];
    }

    // The files the pod sees in /docker-entrypoint-initdb.d: the ConfigMap items its volume projects.
    const initMount = container.volumeMounts.find((m: any) => m.mountPath === "/docker-entrypoint-initdb.d");
    const volume = pod.volumes.find((v: any) => v.name === initMount.name);
    assert.equal(volume.configMap.name, configMap.metadata.name);
    const initFiles = volume.configMap.items.map((i: any) => ({ name: i.path, content: configMap.data[i.key] }));
    assert.ok(initFiles.length > 0 && initFiles.every((f: InitFile) => typeof f.content === "string"));

    const appSecret = reveal(one("kubernetes:core/v1:Secret", "app-secret").inputs).stringData;
    return {
        initFiles,
        containerEnv,
        appUrl: appSecret.DOCKER_DATABASE_URL,
        appPassword: appSecret.PGPASSWORD,
        postStart: container.lifecycle.postStart.exec.command,
    };
}

/** The app's URL with its host pointed at the test server. */
export function atServer(appUrl: string, server: PostgresServer): string {
    const url = new URL(appUrl);
    url.hostname = "127.0.0.1";
    url.port = String(server.port);
    return url.toString();
}

export async function withClient<T>(connectionString: string, fn: (c: Client) => Promise<T>, password?: string): Promise<T> {
    // pg lets the URL's (absent) password win over an explicit one, so the test's own client puts it into the URL.
    const url = new URL(connectionString);
    if (password !== undefined) url.password = encodeURIComponent(password);
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
        return await fn(client);
    } finally {
        await client.end();
    }
}

/**
 * The app's connection as libpq makes it: psql with the URL the app prints and
 * PGPASSWORD in its environment, as the pod's env gives them to psycopg2.
 */
export function libpqConnects(url: string, password: string): string {
    const res = spawnSync("psql", ["--no-psqlrc", "--tuples-only", "--no-align", "--command", "SELECT current_user", url], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, PGPASSWORD: password, PGCONNECT_TIMEOUT: "5" },
    });
    assert.equal(res.status, 0, res.stderr);
    return res.stdout.trim();
}

/** The app role's powers, checked by what it can and cannot do. */
export async function assertAppRole(connectionString: string, expectedUser: string, expectedDb: string, password: string): Promise<void> {
    assert.equal(libpqConnects(connectionString, password), expectedUser);
    await withClient(
        connectionString,
        async (c) => {
            const who = await c.query("SELECT current_user AS u, current_database() AS d");
            assert.deepEqual(who.rows[0], { u: expectedUser, d: expectedDb });
            await c.query("CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL)");
            await c.query("INSERT INTO books (title) VALUES ($1)", ["Designing Data-Intensive Applications"]);
            const read = await c.query("SELECT title FROM books");
            assert.deepEqual(read.rows, [{ title: "Designing Data-Intensive Applications" }]);
            const role = await c.query("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user");
            assert.deepEqual(role.rows[0], { rolsuper: false, rolcreaterole: false, rolcreatedb: false });
            await assert.rejects(c.query('CREATE ROLE "intruder" LOGIN'), /permission denied/);
            await assert.rejects(c.query('CREATE DATABASE "other"'), /permission denied/);
        },
        password,
    );
}

/**
 * Starts servers for one describe block's tests and removes them after; skips
 * the block where PostgreSQL is missing, unless CI requires it (then it fails).
 */
export function realPostgres(): () => PostgresServer {
    const binDir = findPgBinDir();
    const servers: PostgresServer[] = [];
    before(function () {
        if (binDir !== undefined) return;
        if (process.env[REQUIRE_ENV] === "1")
            throw new Error(`PostgreSQL server binaries not found, and ${REQUIRE_ENV}=1: ${INSTALL_HINT}`);
        console.log(`    skipped: PostgreSQL server binaries not found; ${INSTALL_HINT}`);
        this.skip();
    });
    after(async () => {
        for (const s of servers) await s.remove();
    });
    return () => {
        const s = new PostgresServer(binDir as string);
        servers.push(s);
        return s;
    };
}
