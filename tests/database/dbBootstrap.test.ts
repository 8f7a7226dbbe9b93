/**
 * The database bootstrap against a real PostgreSQL: the init script, the
 * Secret and the connection URL that PostgresDb and FastApiApp register,
 * run and used the way the postgres image and the app would.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Client } from "pg";
import { FastApiApp, PostgresDb, PostgresDbArgs, checkPgDatabaseName, checkPgRoleName } from "../../components";
import { one, resetRegistrations, reveal, settle } from "../harness";
import { INSTALL_HINT, InitFile, PostgresServer, REQUIRE_ENV, findPgBinDir } from "./postgresServer";

interface Bootstrap {
    initFiles: InitFile[];
    /** The env the StatefulSet gives its container, secretKeyRefs resolved against the Secret. */
    containerEnv: Record<string, string>;
    /** The app Secret's DOCKER_DATABASE_URL, which the app prints at start-up. */
    appUrl: string;
    /** The app Secret's PGPASSWORD, which libpq reads when the URL has no password. */
    appPassword: string;
}

/** Evaluates both components under mocks and takes, from what they register, what the pod and the app would get. */
async function evaluate(dbArgs: Partial<PostgresDbArgs>): Promise<Bootstrap> {
    resetRegistrations();
    const provider = new k8s.Provider("k8s", {});
    const db = new PostgresDb("db", { provider, namespace: "my-cool-app", ...dbArgs });
    // Wired as index.ts wires them.
    new FastApiApp("app", { provider, namespace: "my-cool-app", image: "repo/app:1.0", databaseUrl: db.urlWithoutPassword, databasePassword: db.password });
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
    return { initFiles, containerEnv, appUrl: appSecret.DOCKER_DATABASE_URL, appPassword: appSecret.PGPASSWORD };
}

/** The app's URL with its host pointed at the test server. */
function atServer(appUrl: string, server: PostgresServer): string {
    const url = new URL(appUrl);
    url.hostname = "127.0.0.1";
    url.port = String(server.port);
    return url.toString();
}

async function withClient<T>(connectionString: string, fn: (c: Client) => Promise<T>, password?: string): Promise<T> {
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
function libpqConnects(url: string, password: string): string {
    const res = spawnSync("psql", ["--no-psqlrc", "--tuples-only", "--no-align", "--command", "SELECT current_user", url], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, PGPASSWORD: password, PGCONNECT_TIMEOUT: "5" },
    });
    assert.equal(res.status, 0, res.stderr);
    return res.stdout.trim();
}

/** The app role's powers, checked by what it can and cannot do. */
async function assertAppRole(connectionString: string, expectedUser: string, expectedDb: string, password: string): Promise<void> {
    assert.equal(libpqConnects(connectionString, password), expectedUser);
    await withClient(connectionString, async (c) => {
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
    }, password);
}

describe("database bootstrap on a real PostgreSQL", function () {
    this.timeout(60_000);
    const binDir = findPgBinDir();
    const servers: PostgresServer[] = [];

    before(function () {
        if (binDir !== undefined) return;
        if (process.env[REQUIRE_ENV] === "1") throw new Error(`PostgreSQL server binaries not found, and ${REQUIRE_ENV}=1: ${INSTALL_HINT}`);
        console.log(`    skipped: PostgreSQL server binaries not found; ${INSTALL_HINT}`);
        this.skip();
    });

    after(() => {
        for (const s of servers) s.remove();
    });

    function newServer(): PostgresServer {
        const s = new PostgresServer(binDir as string);
        servers.push(s);
        return s;
    }

    it("with generated passwords: the app's URL reaches its own database as a non-superuser", async () => {
        const b = await evaluate({});
        const server = newServer();
        const ran = await server.boot(b.containerEnv, b.initFiles);
        assert.deepEqual(ran, ["init.sh"]);
        // The URL the app prints at start-up holds no password; the password comes apart, as PGPASSWORD.
        assert.equal(b.appUrl, "postgresql://bookdbadmin@db.my-cool-app.svc.cluster.local:5432/bookstore");
        assert.match(b.appPassword, /^[A-Za-z0-9_-]{32}$/);
        assert.equal(b.appPassword, b.containerEnv.WORKSHOP_POSTGRES_PASSWORD);
        await assertAppRole(atServer(b.appUrl, server), "bookdbadmin", "bookstore", b.appPassword);
        // The superuser password from the Secret works over TCP, where scram-sha-256 applies.
        const su = `postgresql://postgres:${encodeURIComponent(b.containerEnv.POSTGRES_PASSWORD)}@127.0.0.1:${server.port}/postgres`;
        const superuser = await withClient(su, (c) => c.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        assert.equal(superuser.rows[0].rolsuper, true);
        await assert.rejects(withClient(su.replace(/:[^:@]+@/, ":wrong@"), (c) => c.query("SELECT 1")), /password authentication failed/);

        // The program's PostgreSQL rules, held to this server: every role or database name they refuse is one the
        // init script could not make the app's own (PostgreSQL refuses to create it, or it exists already); the names
        // they accept are created.
        await withClient(su, async (c) => {
            const create = async (kind: "ROLE" | "DATABASE", name: string) => {
                const sql = await c.query(`SELECT format('CREATE ${kind} %I', $1::text) AS q`, [name]);
                return c.query(sql.rows[0].q);
            };
            const exists = async (table: string, column: string, name: string) => ((await c.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [name])).rowCount ?? 0) > 0;
            for (const name of ["postgres", "pg_monitor", "pg_app", "public", "none"]) {
                assert.ok(checkPgRoleName(name) !== undefined, `the program refuses the role ${name}`);
                if (!(await exists("pg_roles", "rolname", name))) await assert.rejects(create("ROLE", name), /reserved|cannot be used/, `PostgreSQL refuses the role ${name}`);
            }
            for (const name of ["postgres", "template0", "template1"]) {
                assert.ok(checkPgDatabaseName(name) !== undefined, `the program refuses the database ${name}`);
                assert.ok(await exists("pg_database", "datname", name), `${name} exists already`);
            }
            for (const name of ["book_admin", "pgadmin", "publicity", "current_user", "user"]) {
                assert.equal(checkPgRoleName(name), undefined, `the program accepts the role ${name}`);
                await create("ROLE", name);
            }
        });
    });

    it("with URL-special characters in every password and a custom user and database, then a restart on the kept volume", async () => {
        const special = `p@ss:w/o?r#d%&+ x'"\\`;
        const b = await evaluate({
            password: pulumi.secret(special),
            superuserPassword: pulumi.secret(`su ${special}`),
            username: "shop_app",
            databaseName: "shop",
        });
        assert.equal(b.containerEnv.WORKSHOP_POSTGRES_PASSWORD, special);
        assert.ok(!b.appUrl.includes(encodeURIComponent(special)) && !b.appUrl.includes(special), "no form of the password is in what the app prints");
        assert.equal(b.appPassword, special);
        const server = newServer();
        assert.deepEqual(await server.boot(b.containerEnv, b.initFiles), ["init.sh"]);
        const url = atServer(b.appUrl, server);
        await assertAppRole(url, "shop_app", "shop", b.appPassword);

        // A pod restart with the kept volume: the image skips initialisation on a data directory that holds a database.
        server.stop();
        assert.equal(await server.boot(b.containerEnv, b.initFiles), undefined);
        // And the script itself, run again on the existing database with other credentials in its env,
        // neither fails nor changes the role's password or the data.
        const changed = { ...b.containerEnv, WORKSHOP_POSTGRES_PASSWORD: "a-new-password" };
        assert.deepEqual(server.rerunInitFiles(changed, b.initFiles), ["init.sh"]);
        const rows = await withClient(url, (c) => c.query("SELECT title FROM books"), b.appPassword);
        assert.deepEqual(rows.rows, [{ title: "Designing Data-Intensive Applications" }]);
    });
});
